/**
 * What every deterministic detector is: a type, the placeholder that replaces what it finds,
 * and a scanner over bounded regular expressions.
 *
 * Linear time by construction: every pattern uses only bounded quantifiers (`{m,n}`, `?`; never
 * `*`, `+` or `{m,}`) and no back-references, so it matches a finite language and a backtracking
 * engine does at most a constant amount of work (the pattern's path count, checked by
 * `detectors.linearity.test.ts`) per start position. Validators run once per match, on at most
 * the match's (bounded) length, and matches do not overlap.
 */

/** The detector types a policy names (docs/guardrails.md). */
export const DETECTOR_TYPES = [
  'email',
  'phone',
  'card',
  'iban',
  'awsAccessKey',
  'awsSecretKey',
  'privateKey',
  'secret',
] as const;
export type DetectorType = (typeof DETECTOR_TYPES)[number];

/** A span of the text a detector found: `[start, end)` in UTF-16 code units. */
export interface Finding {
  readonly type: DetectorType;
  readonly start: number;
  readonly end: number;
}

export interface Detector {
  readonly type: DetectorType;
  /** What a masked value becomes, e.g. `[EMAIL]`. */
  readonly placeholder: string;
  /** The patterns it scans with (for the linearity check). */
  readonly patterns: readonly RegExp[];
  find(text: string): Finding[];
}

/**
 * Scans `text` with a global pattern; `accept` validates a match (a checksum) and may narrow it
 * to a capture group (the value of `password=...`). Needs the `d` flag for group spans.
 */
export function scanWith(
  type: DetectorType,
  pattern: RegExp,
  text: string,
  accept: (match: RegExpExecArray) => { start: number; end: number } | undefined = (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }),
): Finding[] {
  const findings: Finding[] = [];
  const scanner = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  for (let match = scanner.exec(text); match; match = scanner.exec(text)) {
    const span = accept(match);
    if (span) findings.push({ type, ...span });
    // A zero-length match cannot happen (every pattern needs a character); guard anyway.
    if (match[0].length === 0) scanner.lastIndex += 1;
  }
  return findings;
}

/** The span of capture group `group` (the pattern needs the `d` flag). */
export function groupSpan(
  match: RegExpExecArray,
  group: number,
): { start: number; end: number } | undefined {
  const indices = match.indices?.[group];
  return indices ? { start: indices[0], end: indices[1] } : undefined;
}

/** Builds a detector over one pattern. */
export function patternDetector(
  type: DetectorType,
  placeholder: string,
  pattern: RegExp,
  accept?: (match: RegExpExecArray) => { start: number; end: number } | undefined,
): Detector {
  return {
    type,
    placeholder,
    patterns: [pattern],
    find: (text) => scanWith(type, pattern, text, accept),
  };
}
