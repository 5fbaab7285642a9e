import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type {
  AuditPage,
  AuditQuery,
  ContentReadAnswer,
  ContentReadNotices,
} from '../../../../amplify/contract/audit';
import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';

/**
 * Client of the audit routes: `GET /audit/records` (Administrators; metadata only), a
 * reason-recorded content read, and the caller's own notices of reads.
 */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);

  /** One page of a day's audit records matching the query's filters. */
  records(query: AuditQuery): Observable<AuditPage> {
    const params = Object.fromEntries(
      Object.entries(query).filter(([, value]) => value !== undefined && value !== ''),
    ) as Record<string, string>;
    return this.http
      .get<Envelope<AuditPage>>(`${this.config.gateway().apiUrl}/audit/records`, { params })
      .pipe(map((envelope) => envelope.data));
  }

  /** One record's captured content; the read is audited with `reason` and shown to its owner. */
  readContent(recordId: string, reason: string): Observable<ContentReadAnswer> {
    return this.http
      .post<Envelope<ContentReadAnswer>>(
        `${this.config.gateway().apiUrl}/audit/records/${encodeURIComponent(recordId)}/content`,
        { reason },
      )
      .pipe(map((envelope) => envelope.data));
  }

  /** Who read the caller's captured content, newest first. */
  contentReads(): Observable<ContentReadNotices> {
    return this.http
      .get<Envelope<ContentReadNotices>>(`${this.config.gateway().apiUrl}/audit/content-reads`)
      .pipe(map((envelope) => envelope.data));
  }
}
