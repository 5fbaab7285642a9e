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
  templateUrl: './content-read.html',
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
