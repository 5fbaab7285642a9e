/**
 * API Gateway's stage throttling: a token bucket that refills at `rate` requests per second
 * and holds at most `burst`. A request that finds it empty is answered 429.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  /** @param rate `api.throttleRateLimit` @param burst `api.throttleBurstLimit` */
  constructor(rate: number, burst: number, now: () => number = Date.now) {
    this.#rate = rate;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  /** Takes one token; false when the bucket is empty (the request is throttled). */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + ((now - this.#updatedAt) / 1000) * this.#rate,
    );
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
