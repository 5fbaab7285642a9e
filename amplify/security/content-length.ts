/**
 * A regular expression (for AWS WAF) matching a `Content-Length` value above `limit`.
 *
 * API Gateway forwards only the first 16 KB of a body to WAF by default (at most 64 KB, at extra
 * cost), so WAF cannot measure a 256 KB body itself; the declared length can be compared
 * instead. Regexes do not compare numbers, so the pattern lists the decimal strings greater than
 * `limit`: any longer number, or one of the same length that is larger at the first digit where
 * it differs. Leading zeros are ignored.
 */
export function contentLengthAbovePattern(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const digits = String(limit);
  const alternatives = [`[1-9][0-9]{${digits.length},}`];
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[i]);
    if (digit === 9) continue;
    const rest = digits.length - i - 1;
    const next = digit + 1 === 9 ? '9' : `[${digit + 1}-9]`;
    alternatives.push(`${digits.slice(0, i)}${next}${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  return `^0*(?:${alternatives.join('|')})$`;
}
