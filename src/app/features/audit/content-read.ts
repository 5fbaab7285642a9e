import { Component, computed, ElementRef, inject, input, signal, viewChild } from '@angular/core';

import {
  type AuditEntry,
  CONTENT_READ_REASON,
  type ContentReadAnswer,
} from '../../../../amplify/contract/audit';
import { ErrorAlert } from '../../core/ui/error-alert';
import { AuditApi } from './audit-api';

/** Instances so far: each takes its own element ids. */
let instances = 0;

/**
 * The "Read content" action of one audit record: a dialog that asks for the reason (recorded in
 * the audit trail and shown to the record's owner) and shows the content only once the server
 * has recorded the read and answered it. Closing the dialog forgets the content.
 */
@Component({
  selector: 'app-content-read',
  imports: [ErrorAlert],
  template: `
    <button
      type="button"
      (click)="open()"
      i18n="Button of an audit record that opens the read dialog@@contentRead.open"
    >
      Read content
    </button>
    <dialog #dialog [attr.aria-labelledby]="id + '-title'" (close)="forget()">
      <h2 [id]="id + '-title'" i18n="Dialog heading@@contentRead.heading">Read captured content</h2>
      <p i18n="What reading the content records, and who sees it@@contentRead.intro">
        Request <code>{{ record().requestId }}</code> by {{ record().username || record().sub }}.
        Your name and reason are written to the audit trail, and {{ owner() }} will see them.
      </p>
      @if (answer(); as read) {
        @if (read.mode === 'kms') {
          <pre
            class="content"
            aria-label="Captured content"
            i18n-aria-label="The content an administrator read@@contentRead.content"
            >{{ read.content }}</pre>
        } @else {
          <p i18n="The record kept a hash of the content only@@contentRead.hashOnly">
            Only a hash was kept:
            <code aria-label="Content hash" i18n-aria-label="@@contentRead.hash">{{
              read.sha256
            }}</code>
          </p>
        }
        <button type="button" (click)="close()" i18n="Closes the dialog@@contentRead.close">
          Close
        </button>
      } @else {
        <form (submit)="submit($event)">
          <label [for]="id + '-reason'" i18n="Label of the reason field@@contentRead.reason"
            >Reason (ticket and purpose)</label
          >
          <textarea
            [id]="id + '-reason'"
            rows="3"
            [attr.minlength]="limits.minChars"
            [attr.maxlength]="limits.maxChars"
            [value]="reason()"
            (input)="reason.set($any($event.target).value)"
            required
          ></textarea>
          <small i18n="Length of the reason so far, its maximum and minimum@@contentRead.length"
            >{{ reasonLength() }} / {{ limits.maxChars }} characters, at least
            {{ limits.minChars }}</small
          >
          <app-error-alert
            [error]="error()"
            subject="reading the content"
            i18n-subject="What failed, in an error title@@contentRead.errorSubject"
          />
          <div class="actions">
            <button
              type="submit"
              class="primary"
              [disabled]="!reasonValid() || busy()"
              i18n="Submits the reason and shows the content@@contentRead.submit"
            >
              Record reason and read
            </button>
            <button
              type="button"
              (click)="close()"
              i18n="Closes the dialog unread@@contentRead.cancel"
            >
              Cancel
            </button>
          </div>
        </form>
      }
    </dialog>
  `,
  styles: `
    :host > button {
      white-space: nowrap;
    }
    dialog {
      max-width: min(40rem, 92vw);
    }
    textarea {
      width: 100%;
      box-sizing: border-box;
    }
    .content {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 50vh;
      overflow: auto;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
  `,
})
export class ContentRead {
  private readonly api = inject(AuditApi);
  /** Element ids of this instance (one per listed record, so ids stay unique on the page). */
  protected readonly id = `content-read-${++instances}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  readonly record = input.required<AuditEntry>();
  protected readonly limits = CONTENT_READ_REASON;
  protected readonly reason = signal('');
  protected readonly answer = signal<ContentReadAnswer | undefined>(undefined);
  protected readonly error = signal<unknown>(undefined);
  protected readonly busy = signal(false);
  /** Who will see the read: the record's user, by name when known. */
  protected readonly owner = computed(
    () =>
      this.record().username ||
      $localize`:Stands for the record's user when the name is not known@@contentRead.theUser:the user`,
  );
  protected readonly reasonLength = computed(() => this.reason().trim().length);
  /** The server's bounds, on the trimmed reason (it checks them again). */
  protected readonly reasonValid = computed(
    () =>
      this.reasonLength() >= this.limits.minChars && this.reasonLength() <= this.limits.maxChars,
  );

  protected open(): void {
    this.dialog().nativeElement.showModal();
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  /** The content leaves memory with the dialog. */
  protected forget(): void {
    this.answer.set(undefined);
    this.error.set(undefined);
    this.reason.set('');
  }

  protected submit(event: Event): void {
    event.preventDefault();
    if (!this.reasonValid() || this.busy()) return;
    this.busy.set(true);
    this.error.set(undefined);
    this.api.readContent(this.record().recordId, this.reason().trim()).subscribe({
      next: (answer) => {
        this.answer.set(answer);
        this.busy.set(false);
      },
      error: (error: unknown) => {
        this.error.set(error);
        this.busy.set(false);
      },
    });
  }
}
