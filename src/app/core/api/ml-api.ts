import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import { AppConfig } from '../config/app-config';
import { ApiCallError } from '../http/api-call-error';
import { GatewayAuthorization } from '../http/gateway-authorization';
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
  private readonly authorization = inject(GatewayAuthorization);

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
    if (!response.body)
      throw new ApiCallError(
        response.status,
        'UNKNOWN',
        $localize`:Error detail - the streamed answer arrived empty@@error.stream.noBody:The response has no body`,
      );
    for await (const line of readNdjson(response.body)) {
      yield toStreamEvent(line);
    }
  }

  private openStream(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    return this.authorization.fetch(this.url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
      body: JSON.stringify(body),
      signal,
    });
  }

  private url(path: string): string {
    return `${this.config.gateway().apiUrl}${path}`;
  }
}

function toStreamEvent(line: unknown): StreamEvent {
  const event = line as Partial<StreamEvent> | null;
  if (event?.type === 'delta' && typeof event.text === 'string') return event as StreamEvent;
  if (event?.type === 'done' || event?.type === 'error') return event as StreamEvent;
  throw new ApiCallError(
    200,
    'UNKNOWN',
    $localize`:Error detail - the streamed answer held an unknown event@@error.stream.unknownEvent:The response stream has an event the app does not know`,
  );
}
