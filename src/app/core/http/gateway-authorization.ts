import { inject, Injectable } from '@angular/core';
import {
  catchError,
  defer,
  firstValueFrom,
  from,
  type Observable,
  switchMap,
  throwError,
} from 'rxjs';

import { AuthSession } from '../auth/auth-session';
import { FETCH } from '../config/fetch';
import { ApiCallError, apiErrorFromResponse } from './api-call-error';
import { OnlineStatus } from './online-status';

/** Sends one request with the given access token (none when signed out); fails with an ApiCallError. */
type AuthorizedAttempt<T> = (token: string | undefined) => Observable<T>;

/**
 * The one place that authorizes calls to the gateway, for HttpClient's interceptor and for the
 * NDJSON streams alike: nothing is sent offline; each request carries the Cognito access token;
 * a 401 means it expired or was revoked, so the token is refreshed once and the request resent;
 * a second 401 drops the session and asks the user to sign in again.
 */
@Injectable({ providedIn: 'root' })
export class GatewayAuthorization {
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly fetchFn = inject(FETCH);

  /** Runs `attempt` with the access token, refreshing it once on a 401 (see the class). */
  send<T>(attempt: AuthorizedAttempt<T>): Observable<T> {
    return defer(() => {
      if (!this.online.online()) {
        return throwError(
          () => new ApiCallError(0, 'OFFLINE', 'You are offline; the request was not sent.'),
        );
      }
      const withToken = (which: 'current' | 'refreshed') =>
        from(this.auth.accessToken(which)).pipe(switchMap(attempt));
      return withToken('current').pipe(
        catchError((error: unknown) =>
          isUnauthorized(error) ? withToken('refreshed') : throwError(() => error),
        ),
        catchError((error: unknown) => {
          if (isUnauthorized(error)) void this.auth.reauthenticate();
          return throwError(() => error);
        }),
      );
    });
  }

  /**
   * `fetch` with the token (for streams HttpClient would buffer). Resolves with a 2xx response;
   * rejects with an ApiCallError for a refusal or an unreachable gateway, or with the abort reason.
   */
  fetch(url: string, init: RequestInit): Promise<Response> {
    return firstValueFrom(this.send((token) => from(this.fetchOnce(url, init, token))));
  }

  private async fetchOnce(
    url: string,
    init: RequestInit,
    token: string | undefined,
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await this.fetchFn(url, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiCallError(0, 'NETWORK_ERROR', 'The gateway could not be reached.');
    }
    if (response.ok) return response;
    const body: unknown = await response.json().catch(() => undefined);
    throw apiErrorFromResponse(response.status, body, response.headers.get('Retry-After'));
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiCallError && error.status === 401;
}
