import { describe, expect, it } from 'vitest';

import { DETECTORS } from './index.ts';

/**
 * Linear time by construction (detector.ts): a pattern with only bounded quantifiers and no
 * back-references matches a finite language, so a backtracking engine explores at most the
 * pattern's number of paths from any start position; a global scan is then linear in the text.
 * This analyzer parses each pattern, rejects unbounded quantifiers and back-references, and
 * bounds that path count.
 */
class UnboundedPatternError extends Error {}

/** Most paths a detector pattern may have from one start position. */
const MAX_PATHS_PER_POSITION = 1_000_000;

function pathBound(source: string): number {
  let at = 0;
  const peek = () => source[at];
  const alternation = (): number => {
    let total = sequence();
    while (peek() === '|') {
      at += 1;
      total += sequence();
    }
    return total;
  };
  const sequence = (): number => {
    let product = 1;
    while (at < source.length && peek() !== '|' && peek() !== ')') product *= quantified(atom());
    return product;
  };
  const atom = (): number => {
    const char = source[at++];
    if (char === '(') {
      // (?:, (?=, (?!, (?<=, (?<!, (?<name>: all group their alternation.
      if (peek() === '?') {
        at += 1;
        if (peek() === '<' && source[at + 1] !== '=' && source[at + 1] !== '!')
          at = source.indexOf('>', at) + 1;
        else at += peek() === '<' ? 2 : 1;
      }
      const inner = alternation();
      if (source[at++] !== ')') throw new Error(`unbalanced group in ${source}`);
      return inner;
    }
    if (char === '[') {
      if (peek() === '^') at += 1;
      if (peek() === ']') at += 1;
      while (peek() !== ']') at += peek() === '\\' ? 2 : 1;
      at += 1;
      return 1;
    }
    if (char === '\\') {
      const escaped = source[at++]!;
      if (/[1-9k]/.test(escaped)) throw new UnboundedPatternError(`back-reference in ${source}`);
      if (escaped === 'u' && peek() === '{') at = source.indexOf('}', at) + 1;
      else if (escaped === 'u') at += 4;
      else if (escaped === 'x') at += 2;
      return 1;
    }
    if (char === '*' || char === '+' || char === '?' || char === '{')
      throw new Error(`nothing to repeat in ${source}`);
    return 1;
  };
  const quantified = (paths: number): number => {
    const char = peek();
    let result: number;
    if (char === '*' || char === '+') throw new UnboundedPatternError(`"${char}" in ${source}`);
    if (char === '?') {
      at += 1;
      result = paths + 1;
    } else if (char === '{') {
      const close = source.indexOf('}', at);
      const [low, high] = source.slice(at + 1, close).split(',');
      if (high === '') throw new UnboundedPatternError(`"{${low},}" in ${source}`);
      const min = Number(low);
      const max = high === undefined ? min : Number(high);
      result = 0;
      for (let count = min; count <= max; count += 1) result += paths ** count;
      at = close + 1;
    } else return paths;
    if (peek() === '?') at += 1; // a lazy quantifier explores the same paths
    if (peek() === '*' || peek() === '+' || peek() === '{')
      throw new UnboundedPatternError(`stacked quantifier in ${source}`);
    return result;
  };
  const bound = alternation();
  if (at !== source.length) throw new Error(`unparsed "${source.slice(at)}" in ${source}`);
  return bound;
}

describe('the linearity analyzer', () => {
  it.each([['(a+)+'], ['a*b'], ['\\d{2,}'], ['(x)\\1'], ['(?<n>a)\\k<n>']])(
    'rejects %s',
    (source) => expect(() => pathBound(source)).toThrow(UnboundedPatternError),
  );
  it.each([
    ['abc', 1],
    ['a|b|c', 3],
    ['a?', 2],
    ['[a-z]{1,3}', 3],
    ['(?:a|b){2}', 4],
    ['(?<![\\w])x(?!y)', 1],
  ])('counts the paths of %s as %d', (source, paths) => expect(pathBound(source)).toBe(paths));
  it('tells a catastrophic pattern that looks bounded by its path count', () => {
    expect(pathBound('(?:a{1,10}){1,10}')).toBeGreaterThan(MAX_PATHS_PER_POSITION);
  });
});

describe.each(Object.values(DETECTORS).map((detector) => [detector.type, detector] as const))(
  'the %s detector',
  (_type, detector) => {
    it.each(detector.patterns.map((pattern) => [pattern.source]))(
      'scans with a bounded pattern: %s',
      (source) => {
        expect(pathBound(source)).toBeLessThanOrEqual(MAX_PATHS_PER_POSITION);
      },
    );
  },
);
