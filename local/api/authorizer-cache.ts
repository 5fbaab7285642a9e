/**
 * API Gateway's authorizer result cache: keyed by the identity source (the `Authorization`
 * header value), kept for the configured TTL. A TTL of 0 disables caching.
 */
export class AuthorizerCache<T> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();

  /** @param ttlSeconds `authorizerCacheTtlSeconds` from the settings. */
  constructor(ttlSeconds: number, now: () => number = Date.now) {
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
  }

  /** The cached result for this token, or undefined when absent or expired. */
  get(token: string): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: T): void {
    if (this.#ttlMs <= 0) return;
    this.#entries.set(token, { value, expiresAt: this.#now() + this.#ttlMs });
    // Expired entries are dropped as they are met; sweep now and then so old tokens don't pile up.
    if (this.#entries.size % 1024 === 0) this.#sweep();
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, entry] of this.#entries)
      if (entry.expiresAt <= now) this.#entries.delete(token);
  }
}
