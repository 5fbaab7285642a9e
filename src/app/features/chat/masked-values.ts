import { Component, computed, input } from '@angular/core';

import type { Exchange } from './conversation';

/** `text` with each placeholder of `values` (`[EMAIL_1]`) replaced by its value. */
export function restoreMasked(text: string, values: Readonly<Record<string, string>>): string {
  const placeholders = Object.keys(values);
  if (placeholders.length === 0) return text;
  const pattern = new RegExp(
    placeholders.map((placeholder) => placeholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  return text.replace(pattern, (placeholder) => values[placeholder] ?? placeholder);
}

/** The answer as the user chose to see it: masked, or with their own masked values restored. */
export function shownAnswer(exchange: Exchange): string {
  const values = exchange.maskedValues();
  return exchange.showMasked() && values
    ? restoreMasked(exchange.answer(), values)
    : exchange.answer();
}

/**
 * "Show masked values": offered on an answer whose prompt had values the guardrail masked and
 * its policy lets the user restore (docs/guardrails.md). Restores them in this view only; what
 * the model saw, what is copied and what is saved keep the placeholders.
 */
@Component({
  selector: 'app-masked-values',
  template: `
    @if (count() > 0) {
      <button
        type="button"
        [attr.aria-pressed]="exchange().showMasked()"
        (click)="exchange().showMasked.set(!exchange().showMasked())"
        data-testid="masked-values"
      >
        @if (exchange().showMasked()) {
          <ng-container
            i18n="Button - hides the restored values again, with their count@@masked.hide"
            >Hide masked values ({{ count() }})</ng-container
          >
        } @else {
          <ng-container
            i18n="Button - shows the values the guardrail masked, with their count@@masked.show"
            >Show masked values ({{ count() }})</ng-container
          >
        }
      </button>
    }
  `,
})
export class MaskedValues {
  readonly exchange = input.required<Exchange>();
  protected readonly count = computed(
    () => Object.keys(this.exchange().maskedValues() ?? {}).length,
  );
}
