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
  template: `
    <section aria-labelledby="content-reads-title">
      <h2 id="content-reads-title" i18n="Heading on My usage@@contentReads.heading">
        Who read my content
      </h2>
      <app-error-alert
        [error]="reads.error()"
        subject="loading who read your content"
        i18n-subject="What failed, in an error title@@contentReads.errorSubject"
      />
      @if (reads.hasValue()) {
        @let list = reads.value().reads;
        @if (list.length === 0) {
          <p i18n="No administrator read the user's content@@contentReads.none">
            Nobody has read content you sent.
          </p>
        } @else {
          <table
            aria-label="Who read my content"
            i18n-aria-label="Accessible name of the table@@contentReads.table"
          >
            <thead>
              <tr>
                <th scope="col" i18n="Column - when the content was read@@contentReads.when">
                  When (UTC)
                </th>
                <th scope="col" i18n="Column - the administrator who read it@@contentReads.who">
                  Who
                </th>
                <th scope="col" i18n="Column - the reason they recorded@@contentReads.reason">
                  Reason
                </th>
                <th
                  scope="col"
                  i18n="Column - the request whose content was read@@contentReads.request"
                >
                  Your request
                </th>
              </tr>
            </thead>
            <tbody>
              @for (read of list; track read.at + read.requestId) {
                <tr>
                  <td>{{ when(read.at) }}</td>
                  <td>{{ read.reader }}</td>
                  <td>{{ read.reason }}</td>
                  <td>
                    {{ when(read.requestAt) }}<br /><small
                      ><code>{{ read.requestId }}</code></small
                    >
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>
  `,
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
