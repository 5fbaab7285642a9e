/**
 * A copy without `undefined` values, empty objects and empty arrays, at any depth: SCIM leaves
 * out an attribute that has no value rather than sending null (RFC 7643 §2.5).
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => compact(item)).filter((item) => item !== undefined) as T;
  }
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = compact(item);
    if (kept === undefined || kept === null) continue;
    if (typeof kept === 'object' && Object.keys(kept).length === 0) continue;
    result[key] = kept;
  }
  return result as T;
}
