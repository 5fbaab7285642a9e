import { DestroyRef, inject, Injectable, signal } from '@angular/core';

import { ApiCallError } from './api-call-error';

/**
 * Holds a page's Send/Run back while a rate limit's `Retry-After` runs, then lets it go. A spent
 * budget is not waited out like this: its reset can be days away, and the alert says when.
 * Provide it per page: the timer is cleared when the page is destroyed.
 */
@Injectable()
export class ThrottleWait {
  private readonly waitingSignal = signal(false);
  private timer?: ReturnType<typeof setTimeout>;

  /** True while a Retry-After wait runs. */
  readonly waiting = this.waitingSignal.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.clear());
  }

  /** Starts the wait when `error` is a refusal that asks to retry later (not a spent budget). */
  holdFor(error: unknown): void {
    if (!(error instanceof ApiCallError) || error.code === 'BUDGET_EXCEEDED') return;
    const seconds = error.details.retryAfterSeconds;
    if (!seconds) return;
    this.clear();
    this.waitingSignal.set(true);
    this.timer = setTimeout(() => this.clear(), seconds * 1000);
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingSignal.set(false);
  }
}
