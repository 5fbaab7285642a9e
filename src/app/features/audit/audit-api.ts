import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type { AuditPage, AuditQuery } from '../../../../amplify/contract/audit';
import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';

/** Client of `GET /audit/records` (Administrators); metadata only, never captured content. */
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
}
