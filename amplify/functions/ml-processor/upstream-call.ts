import type { CallGuard } from './call-guard.ts';

/**
 * One upstream call's cancellation: aborts when the processor's deadline passes or the client
 * goes away, and remembers which of the two happened (504 versus a silent stop).
 */
export class UpstreamCall {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #clientGone = false;
  #guard?: () => CallGuard | undefined;

  /** `timeoutMs` is a total deadline, or an idle deadline when `touch()` is called per event. */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.touch();
  }

  /** The signal handed to the SDK (`abortSignal`). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ties the call to its request's guardrail policy, resolved when the model is called. */
  guardedBy(resolve: () => CallGuard | undefined): void {
    this.#guard = resolve;
  }

  /** The request's guardrail policy; the model-call seam refuses a call without one. */
  get guard(): CallGuard | undefined {
    return this.#guard?.();
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  get clientGone(): boolean {
    return this.#clientGone;
  }

  /** Restarts the deadline (a stream made progress). */
  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort();
    }, this.#timeoutMs);
  }

  /** The client disconnected: stop the upstream call. */
  clientDisconnected(): void {
    if (this.#controller.signal.aborted) return;
    this.#clientGone = true;
    this.#controller.abort();
  }

  /** The call finished: release the timer. */
  finish(): void {
    clearTimeout(this.#timer);
  }
}
