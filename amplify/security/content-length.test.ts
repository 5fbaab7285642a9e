import { describe, expect, it } from 'vitest';

import { contentLengthAbovePattern } from './content-length.ts';

describe('contentLengthAbovePattern', () => {
  it.each([0, 1, 9, 10, 99, 100, 1024, 262_144, 299_999, 10_485_760])(
    'matches exactly the lengths above %i',
    (limit) => {
      const pattern = new RegExp(contentLengthAbovePattern(limit));
      const probes = new Set<number>([0, 1, 9, 10, 11, 99, 100, 101, 1_000_000_000]);
      for (let delta = -1100; delta <= 1100; delta++) probes.add(Math.max(0, limit + delta));
      for (let power = 1; power <= 1e9; power *= 10) probes.add(power).add(power - 1);
      for (const value of probes) {
        expect(pattern.test(String(value)), `${value} vs ${limit}`).toBe(value > limit);
        expect(pattern.test(`00${value}`), `00${value} vs ${limit}`).toBe(value > limit);
      }
    },
  );

  it('rejects what is not a decimal length', () => {
    const pattern = new RegExp(contentLengthAbovePattern(262_144));
    for (const value of ['', 'abc', '300000x', '-300000', '3e6', ' 300000']) {
      expect(pattern.test(value), value).toBe(false);
    }
  });

  it('stays within the 512 characters WAF allows for a regex', () => {
    expect(contentLengthAbovePattern(Number.MAX_SAFE_INTEGER).length).toBeLessThan(512);
  });

  it('refuses a limit that is not a non-negative integer', () => {
    expect(() => contentLengthAbovePattern(-1)).toThrow(RangeError);
    expect(() => contentLengthAbovePattern(1.5)).toThrow(RangeError);
  });
});
