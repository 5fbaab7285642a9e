import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';
import type { OwnUsage, UsageReport } from './usage-types';

/** Client of the usage routes; errors arrive as ApiCallError through the API interceptor. */
@Injectable({ providedIn: 'root' })
export class UsageApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);

  /** The caller's budget standing and this month's usage. */
  ownUsage(): Observable<OwnUsage> {
    return this.http
      .get<Envelope<OwnUsage>>(`${this.config.gateway().apiUrl}/usage/me`)
      .pipe(map((envelope) => envelope.data));
  }

  /** Usage of all users between two UTC days, both included (Administrators only). */
  report(from: string, to: string): Observable<UsageReport> {
    return this.http
      .get<Envelope<UsageReport>>(`${this.config.gateway().apiUrl}/usage/report`, {
        params: { from, to },
      })
      .pipe(map((envelope) => envelope.data));
  }
}
