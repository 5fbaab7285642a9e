import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { AuthSession } from '../auth/auth-session';
import { AppConfig } from '../config/app-config';
import { FETCH } from '../config/fetch';
import { ApiError, apiErrorFromResponse } from '../http/api-error';
import { OnlineStatus } from '../http/online-status';
import type {
  BedrockRequest,
  Envelope,
  ModelSummary,
  SageMakerJob,
  SageMakerRequest,
  SageMakerResult,
  StreamEvent,
} from './api-types';
import { readNdjson } from './ndjson';

/**
 * The gateway's routes. JSON calls go through HttpClient (and its interceptor); streams use
 * `fetch` + `ReadableStream`, because HttpClient's `partialText` repeats the whole text so far
 * on each progress event, which is quadratic on long answers.
 */
@Injectable({ providedIn: 'root' })
export class MlApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly fetch = inject(FETCH);

  /** The models and endpoints the caller may use. */
  models(): Observable<readonly ModelSummary[]> {
    return this.http
      .get<Envelope<{ models: ModelSummary[] }>>(this.url('/ml/models'))
      .pipe(map((envelope) => envelope.data.models));
  }

  /** Invokes a SageMaker endpoint: a result for sync endpoints, a job for async ones. */
  invokeSageMaker(request: SageMakerRequest): Observable<SageMakerResult> {
    return this.http
      .post<Envelope<SageMakerResult>>(this.url('/ml/sagemaker'), request)
      .pipe(map((envelope) => envelope.data));
  }

  /** The status (and, once completed, the output) of an async SageMaker job. */
  sageMakerJob(jobId: string): Observable<SageMakerJob> {
    return this.http
      .get<Envelope<SageMakerJob>>(this.url(`/ml/sagemaker/jobs/${encodeURIComponent(jobId)}`))
      .pipe(map((envelope) => envelope.data));
  }

  /** Streams a Bedrock conversation turn (`POST /ml/bedrock/stream`). */
  streamBedrock(request: BedrockRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    return this.stream('/ml/bedrock/stream', request, signal);
  }

  /** Streams a SageMaker streaming endpoint (`POST /ml/sagemaker/stream`). */
  streamSageMaker(request: SageMakerRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    return this.stream('/ml/sagemaker/stream', request, signal);
  }

  private async *stream(
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const response = await this.openStream(path, body, signal);
    if (!response.body) throw new ApiError(response.status, 'UNKNOWN', 'The response has no body');
    for await (const line of readNdjson(response.body)) {
      yield toStreamEvent(line);
    }
  }

  private async openStream(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    if (!this.online.online()) {
      throw new ApiError(0, 'OFFLINE', 'You are offline; the request was not sent.');
    }
    const send = async (forceRefresh: boolean) => {
      const token = await this.auth.accessToken(forceRefresh);
      try {
        return await this.fetch(this.url(path), {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/x-ndjson',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ApiError(0, 'NETWORK_ERROR', 'The gateway could not be reached.');
      }
    };
    let response = await send(false);
    // An expired or revoked token: refresh once, then ask the user to sign in again.
    if (response.status === 401) response = await send(true);
    if (response.status === 401) void this.auth.reauthenticate();
    if (!response.ok) {
      const errorBody: unknown = await response.json().catch(() => undefined);
      throw apiErrorFromResponse(response.status, errorBody, response.headers.get('Retry-After'));
    }
    return response;
  }

  private url(path: string): string {
    return `${this.config.gateway().apiUrl}${path}`;
  }
}

function toStreamEvent(line: unknown): StreamEvent {
  const event = line as Partial<StreamEvent> | null;
  if (event?.type === 'delta' && typeof event.text === 'string') return event as StreamEvent;
  if (event?.type === 'done' || event?.type === 'error') return event as StreamEvent;
  throw new ApiError(200, 'UNKNOWN', 'The response stream has an event the app does not know');
}
