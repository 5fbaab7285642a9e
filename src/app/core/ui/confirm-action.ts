import {
  afterNextRender,
  Component,
  type ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

/**
 * A destructive action that asks first: its button becomes "Confirm" and "Cancel". Cancel and
 * Escape (on either button) go back and return the focus to the action's button; asking moves
 * the focus to Confirm. `confirmed` fires on Confirm; the parent runs the action, reports its
 * error, and moves the focus once the item is gone. Used by the history (Delete) and the Keys
 * page (Revoke), so both behave alike.
 */
@Component({
  selector: 'app-confirm-action',
  template: `
    @if (asking()) {
      <button
        #confirmButton
        type="button"
        class="danger"
        [attr.aria-label]="confirmLabel()"
        [disabled]="busy()"
        (click)="confirmed.emit()"
        (keydown.escape)="cancel()"
      >
        {{ confirmText() }}
      </button>
      <button
        type="button"
        [attr.aria-label]="cancelLabel()"
        (click)="cancel()"
        (keydown.escape)="cancel()"
        i18n="Button that keeps an item instead of deleting or revoking it@@confirmAction.cancel"
      >
        Cancel
      </button>
    } @else {
      <button #actionButton type="button" [attr.aria-label]="actionLabel()" (click)="ask()">
        {{ actionText() }}
      </button>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .danger {
      border-color: var(--color-error);
      color: var(--color-error);
    }
  `,
})
export class ConfirmAction {
  private readonly injector = inject(Injector);
  private readonly confirmButton = viewChild<ElementRef<HTMLButtonElement>>('confirmButton');
  private readonly actionButton = viewChild<ElementRef<HTMLButtonElement>>('actionButton');

  /** The action button's text, e.g. "Delete". */
  readonly actionText = input.required<string>();
  /** Its accessible name, naming the item: "Delete Budget questions". */
  readonly actionLabel = input.required<string>();
  /** The confirm button's text, e.g. "Confirm delete". */
  readonly confirmText = input.required<string>();
  /** Its accessible name, naming the item. */
  readonly confirmLabel = input.required<string>();
  /** The cancel button's accessible name, naming the item. */
  readonly cancelLabel = input.required<string>();
  /** While the parent runs the action, Confirm is disabled (no second request). */
  readonly busy = input(false);
  /** The user confirmed: run the action. */
  readonly confirmed = output<void>();

  protected readonly asking = signal(false);

  protected ask(): void {
    this.asking.set(true);
    this.focusAfterRender(() => this.confirmButton());
  }

  protected cancel(): void {
    this.asking.set(false);
    this.focusAfterRender(() => this.actionButton());
  }

  private focusAfterRender(target: () => ElementRef<HTMLButtonElement> | undefined): void {
    afterNextRender(() => target()?.nativeElement.focus(), { injector: this.injector });
  }
}
