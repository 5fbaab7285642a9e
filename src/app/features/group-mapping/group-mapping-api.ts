import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type {
  GroupMappingDocument,
  ReplaceGroupMappingAnswer,
  ReplaceGroupMappingBody,
} from '../../../../amplify/contract/group-mapping';
import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';

/** Client of `GET` and `PUT /admin/group-mapping` (Administrators); errors arrive as ApiCallError. */
@Injectable({ providedIn: 'root' })
export class GroupMappingApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);

  /** The table and the version to edit it from. */
  load(): Observable<GroupMappingDocument> {
    return this.http
      .get<Envelope<GroupMappingDocument>>(this.url())
      .pipe(map((envelope) => envelope.data));
  }

  /** Replaces the table; refused (409) when `body.version` is no longer the stored one. */
  replace(body: ReplaceGroupMappingBody): Observable<ReplaceGroupMappingAnswer> {
    return this.http
      .put<Envelope<ReplaceGroupMappingAnswer>>(this.url(), body)
      .pipe(map((envelope) => envelope.data));
  }

  private url(): string {
    return `${this.config.gateway().apiUrl}/admin/group-mapping`;
  }
}
