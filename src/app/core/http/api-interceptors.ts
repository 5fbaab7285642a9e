import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';

import { AppConfig } from '../config/app-config';
import { ApiCallError, apiErrorFromResponse } from './api-call-error';
import { GatewayAuthorization } from './gateway-authorization';

/**
 * Authorizes HttpClient's requests to the gateway (never to other hosts) through the same
 * GatewayAuthorization as the streams. Every failure reaches the caller as an ApiCallError.
 */
export const apiInterceptor: HttpInterceptorFn = (request, next) => {
  const state = inject(AppConfig).state();
  if (state.status !== 'ready' || !isGatewayUrl(request.url, state.gateway.apiUrl)) {
    return next(request);
  }
  return inject(GatewayAuthorization).send((token) =>
    next(withToken(request, token)).pipe(
      catchError((error: unknown) => throwError(() => toApiCallError(error))),
    ),
  );
};

/** Whether `url` is under the gateway's base URL. */
function isGatewayUrl(url: string, apiUrl: string): boolean {
  return url === apiUrl || url.startsWith(`${apiUrl}/`);
}

function withToken(request: HttpRequest<unknown>, token: string | undefined) {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function toApiCallError(error: unknown): unknown {
  if (!(error instanceof HttpErrorResponse)) return error;
  if (error.status === 0) {
    return new ApiCallError(0, 'NETWORK_ERROR', 'The gateway could not be reached.');
  }
  return apiErrorFromResponse(error.status, error.error, error.headers.get('Retry-After'));
}
