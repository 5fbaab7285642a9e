import { Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { ErrorAlert } from '../../core/ui/error-alert';
import { AuditApi } from '../audit/audit-api';

/**
 * "Who read my content": every time an administrator read content the user sent (where their
 * group keeps it), with who, when and the reason they recorded (docs/audit.md).
 */
@Component({
  selector: 'app-content-read-notices',
  imports: [ErrorAlert],
  templateUrl: './content-read-notices.html',
  styles: `
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
      overflow-wrap: break-word;
    }
    /* A request id may break anywhere; names and words stay whole on a phone. */
    code {
      overflow-wrap: anywhere;
    }
  `,
})
export class ContentReadNotices {
  private readonly api = inject(AuditApi);
  protected readonly reads = rxResource({ stream: () => this.api.contentReads() });

  /** `yyyy-mm-dd hh:mm` of an ISO time. */
  protected when(at: string): string {
    return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
  }
}
