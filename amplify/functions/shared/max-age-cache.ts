/**
 * A small per-key cache of asynchronous lookups, each answer reused for at most `maxAgeMs`:
 * concurrent requests for one key share one lookup, a failed lookup is never kept, and the
 * cache starts over beyond `maxEntries` (a Lambda container's memory stays bounded).
 */
export class MaxAgeCache<V> {
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: Promise<V>; at: number }>();

  constructor(options: { maxAgeMs: number; maxEntries: number; now?: () => number }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The cached answer for `key` when younger than the maximum age, else `load(key)`'s. */
  get(key: string, load: (key: string) => Promise<V>): Promise<V> {
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && now - cached.at < this.#maxAgeMs) return cached.value;
    const value = load(key);
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    const entry = { value, at: now };
    this.#entries.set(key, entry);
    // A failed lookup is not kept: the next request asks again.
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }
}
