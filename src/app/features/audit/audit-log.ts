import { Component, inject, signal } from '@angular/core';

import {
  AUDIT_RECORD_KINDS,
  type AuditEntry,
  type AuditQuery,
} from '../../../../amplify/contract/audit';
import { USER_FORMAT_LOCALE } from '../../core/i18n/locale-format';
import { ErrorAlert } from '../../core/ui/error-alert';
import { AuditApi } from './audit-api';
import { ContentRead } from './content-read';

/** `yyyy-mm-dd` in UTC, the form the audit route takes. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Administrators' audit log: one UTC day's records (who, what, model, policy, outcome, tokens,
 * cost), filtered by kind, outcome, user and model, a page at a time. The listing is metadata
 * only; a record's captured content is read one at a time, with a reason (ContentRead).
 */
/** Audit costs to the nano-dollar's millionth, in the user's locale. */
const AUDIT_COST = new Intl.NumberFormat(USER_FORMAT_LOCALE, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 6,
  maximumFractionDigits: 6,
});

@Component({
  selector: 'app-audit-log',
  imports: [ContentRead, ErrorAlert],
  templateUrl: './audit-log.html',
  styles: `
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
    }
    .table-scroll {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid #ddd;
      vertical-align: top;
    }
    .changes {
      margin: 0.25rem 0 0;
      padding-left: 1rem;
      font-size: 0.875rem;
    }
  `,
})
export class AuditLog {
  private readonly api = inject(AuditApi);

  protected readonly kinds = AUDIT_RECORD_KINDS;
  protected readonly none = $localize`:No prompt content was kept@@audit.contentNone:none`;
  /** An entry a group-mapping change removed (the audit record of the change). */
  protected readonly removed = $localize`:A mapping entry the change removed@@audit.changeRemoved:removed`;
  protected readonly day = signal(utcDay(new Date()));
  protected readonly kind = signal('');
  protected readonly outcome = signal('');
  protected readonly username = signal('');
  protected readonly model = signal('');

  protected readonly records = signal<readonly AuditEntry[]>([]);
  protected readonly cursor = signal<string | undefined>(undefined);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<unknown>(undefined);

  private query(): AuditQuery {
    return {
      day: this.day(),
      ...(this.kind() ? { kind: this.kind() as AuditQuery['kind'] } : {}),
      ...(this.outcome() ? { outcome: this.outcome() } : {}),
      ...(this.username() ? { username: this.username() } : {}),
      ...(this.model() ? { model: this.model() } : {}),
    };
  }

  constructor() {
    this.load();
  }

  protected apply(event: Event): void {
    event.preventDefault();
    this.load();
  }

  /** Loads the first page of the filters. */
  protected load(): void {
    this.fetch(undefined);
  }

  /** Appends the next page. */
  protected loadMore(): void {
    this.fetch(this.cursor());
  }

  private fetch(cursor: string | undefined): void {
    const more = cursor !== undefined;
    this.loading.set(true);
    this.error.set(undefined);
    this.api.records({ ...this.query(), ...(cursor ? { cursor } : {}) }).subscribe({
      next: (page) => {
        this.records.set(more ? [...this.records(), ...page.records] : page.records);
        this.cursor.set(page.cursor);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.error.set(error);
        this.loading.set(false);
      },
    });
  }

  protected time(record: AuditEntry): string {
    return record.at.slice(11, 19);
  }

  protected tokens(record: AuditEntry): string {
    if (record.inputTokens === undefined && record.outputTokens === undefined) return '—';
    return `${record.inputTokens ?? 0} / ${record.outputTokens ?? 0}`;
  }

  protected cost(record: AuditEntry): string {
    return record.costNanoUsd === undefined ? '—' : AUDIT_COST.format(record.costNanoUsd / 1e9);
  }
}
