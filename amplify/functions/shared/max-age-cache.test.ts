import { describe, expect, it } from 'vitest';

import { MaxAgeCache } from './max-age-cache.ts';

describe('MaxAgeCache', () => {
  const setup = (maxAgeMs = 60_000, maxEntries = 100) => {
    let now = 1_000_000;
    const loads: string[] = [];
    const cache = new MaxAgeCache<string>({ maxAgeMs, maxEntries, now: () => now });
    const load = async (key: string) => {
      loads.push(key);
      return `${key}@${now}`;
    };
    return { cache, load, loads, advance: (ms: number) => (now += ms) };
  };

  it('reuses an answer for less than the maximum age, and asks again at it', async () => {
    const { cache, load, loads, advance } = setup();
    expect(await cache.get('a', load)).toBe('a@1000000');
    advance(59_999);
    expect(await cache.get('a', load)).toBe('a@1000000');
    advance(1);
    expect(await cache.get('a', load)).toBe('a@1060000');
    expect(loads).toEqual(['a', 'a']);
  });

  it('with a maximum age of 0 asks every time', async () => {
    const { cache, load, loads } = setup(0);
    await cache.get('a', load);
    await cache.get('a', load);
    expect(loads).toEqual(['a', 'a']);
  });

  it('shares one lookup between concurrent requests for a key', async () => {
    const { cache, load, loads } = setup();
    await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('b', load)]);
    expect(loads).toEqual(['a', 'b']);
  });

  it('never keeps a failed lookup', async () => {
    const { cache, load, loads } = setup();
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    // The rejection's handler runs in a microtask.
    await Promise.resolve();
    expect(await cache.get('a', load)).toBe('a@1000000');
    expect(loads).toEqual(['a']);
  });

  it('starts over beyond its entry limit (memory stays bounded)', async () => {
    const { cache, load, loads } = setup(60_000, 2);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    await cache.get('a', load);
    expect(loads).toEqual(['a', 'b', 'c', 'a']);
  });
});
