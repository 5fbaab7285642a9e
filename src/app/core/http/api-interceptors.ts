import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { AuthSession } from '../auth/auth-session';
import { AppConfig } from '../config/app-config';
import { ApiError, apiErrorFromResponse } from './api-error';
import { OnlineStatus } from './online-status';

/**
 * Adds the Cognito access token to requests for the gateway (never to other hosts). A 401
 * means the token expired or was revoked: refresh once and retry, else ask to sign in again.
 * Every failure reaches the caller as an ApiError.
 */
export const apiInterceptor: HttpInterceptorFn = (request, next) => {
  const config = inject(AppConfig);
  const state = config.state();
  if (state.status !== 'ready' || !isGatewayUrl(request.url, state.gateway.apiUrl)) {
    return next(request);
  }
  const auth = inject(AuthSession);
  const online = inject(OnlineStatus);
  if (!online.online()) {
    return throwError(
      () => new ApiError(0, 'OFFLINE', 'You are offline; the request was not sent.'),
    );
  }
  const send = (forceRefresh: boolean) =>
    from(auth.accessToken(forceRefresh)).pipe(
      switchMap((token) => next(withToken(request, token))),
    );
  return send(false).pipe(
    catchError((error: unknown) =>
      isUnauthorized(error)
        ? send(true).pipe(catchError((retryError: unknown) => reauthenticate(retryError, auth)))
        : throwError(() => error),
    ),
    catchError((error: unknown) => throwError(() => toApiError(error))),
  );
};

/** Whether `url` is under the gateway's base URL. */
export function isGatewayUrl(url: string, apiUrl: string): boolean {
  return url === apiUrl || url.startsWith(`${apiUrl}/`);
}

function withToken(request: HttpRequest<unknown>, token: string | undefined) {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 401;
}

function reauthenticate(error: unknown, auth: AuthSession): Observable<never> {
  if (isUnauthorized(error)) void auth.reauthenticate();
  return throwError(() => error);
}

function toApiError(error: unknown): unknown {
  if (!(error instanceof HttpErrorResponse)) return error;
  if (error.status === 0) {
    return new ApiError(0, 'NETWORK_ERROR', 'The gateway could not be reached.');
  }
  return apiErrorFromResponse(error.status, error.error, error.headers.get('Retry-After'));
}
