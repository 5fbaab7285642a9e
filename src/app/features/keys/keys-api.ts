import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type {
  ApiKeyBudget,
  ApiKeyLimits,
  ApiKeySummary,
  CreatedApiKey,
} from '../../../../amplify/contract/api-keys';
import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';

/** `GET /keys`: the user's keys and the limits a new key must keep. */
export interface OwnKeys {
  readonly keys: readonly ApiKeySummary[];
  readonly limits: ApiKeyLimits;
}

/** What the form sends to `POST /keys`. */
export interface NewKeyRequest {
  readonly name: string;
  readonly models: readonly string[];
  readonly expiresInDays: number;
  readonly budget?: ApiKeyBudget;
}

/** Client of the personal API key routes; errors arrive as ApiCallError through the interceptor. */
@Injectable({ providedIn: 'root' })
export class KeysApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);

  list(): Observable<OwnKeys> {
    return this.http
      .get<Envelope<OwnKeys>>(this.url('/keys'))
      .pipe(map((envelope) => envelope.data));
  }

  /** Creates a key; the answer holds its secret, which is never shown again. */
  create(request: NewKeyRequest): Observable<CreatedApiKey> {
    return this.http
      .post<Envelope<CreatedApiKey>>(this.url('/keys'), request)
      .pipe(map((envelope) => envelope.data));
  }

  revoke(keyId: string): Observable<ApiKeySummary> {
    return this.http
      .delete<Envelope<ApiKeySummary>>(this.url(`/keys/${encodeURIComponent(keyId)}`))
      .pipe(map((envelope) => envelope.data));
  }

  private url(path: string): string {
    return `${this.config.gateway().apiUrl}${path}`;
  }
}
