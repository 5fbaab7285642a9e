import {
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';

import { explainError } from '../http/describe-error';
import { formatWait } from '../http/retry-wait';

/**
 * Explains a failed API call: what happened and what to do. For 429 it counts down the
 * `Retry-After` seconds and emits `retryReady` when waiting is over; for 504 it shows the page's
 * `asyncHint` (the streaming or async alternative).
 */
@Component({
  selector: 'app-error-alert',
  template: `
    @if (explanation(); as explanation) {
      <div class="error-alert" role="alert">
        <p class="title">{{ explanation.title }}</p>
        <p>{{ explanation.detail }}</p>
        @if (secondsLeft() > 0) {
          <p class="retry" i18n="A countdown@@error.tryAgainIn">Try again in {{ waitLeft() }}.</p>
        }
        @if (explanation.suggestAsync && asyncHint()) {
          <p>{{ asyncHint() }}</p>
        }
      </div>
    }
  `,
  styles: `
    .error-alert {
      border-left: 4px solid var(--color-error);
      background: var(--color-error-surface);
      padding: 0.5rem 0.75rem;
      margin: 0.75rem 0;
    }
    .title {
      font-weight: 600;
      color: var(--color-error);
    }
    p {
      margin: 0.25rem 0;
    }
  `,
})
export class ErrorAlert {
  /**
   * What a timeout (504) means where the page streams: the default text is about calls that
   * wait for the whole answer.
   */
  readonly timeoutDetail = input<string>();
  /** The error to explain; nothing is shown when undefined. */
  readonly error = input<unknown>();
  /** The model or action concerned, e.g. "Claude Haiku". */
  readonly subject = input<string>();
  /** What the page offers instead of a timed-out synchronous call. */
  readonly asyncHint = input<string>();
  /** The Retry-After wait is over. */
  readonly retryReady = output<void>();

  protected readonly explanation = computed(() => {
    const error = this.error();
    if (error === undefined) return undefined;
    const explanation = explainError(error, this.subject());
    const timeoutDetail = this.timeoutDetail();
    return explanation.suggestAsync && timeoutDetail
      ? { ...explanation, detail: timeoutDetail, suggestAsync: false }
      : explanation;
  });
  protected readonly secondsLeft = signal(0);
  protected readonly waitLeft = computed(() => formatWait(this.secondsLeft()));

  constructor() {
    let timer: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    inject(DestroyRef).onDestroy(stop);
    effect(() => {
      stop();
      const seconds = this.explanation()?.retryAfterSeconds ?? 0;
      this.secondsLeft.set(seconds);
      if (seconds <= 0) return;
      timer = setInterval(() => {
        const left = this.secondsLeft() - 1;
        this.secondsLeft.set(left);
        if (left <= 0) {
          stop();
          this.retryReady.emit();
        }
      }, 1000);
    });
  }
}
