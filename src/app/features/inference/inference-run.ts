import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { ModelSummary, SageMakerJob, SageMakerRequest } from '../../core/api/api-types';
import { MlApi } from '../../core/api/ml-api';
import { ApiCallError } from '../../core/http/api-call-error';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { InferenceJobs } from './inference-jobs';
import { pollJob } from './job-polling';

/** What an endpoint answered (a streamed answer grows as it arrives). */
interface InferenceResult {
  readonly output: unknown;
  readonly contentType?: string;
  readonly latencyMs?: number;
  readonly jobId?: string;
}

/**
 * One inference page's run: invokes the endpoint the way its mode needs (a call, a stream, or
 * a job followed until it ends), and exposes the outcome as signals. Provided by the page (with
 * ThrottleWait); a run still going is cancelled when the page goes.
 */
@Injectable()
export class InferenceRun {
  private readonly api = inject(MlApi);
  private readonly throttle = inject(ThrottleWait);
  private readonly jobs = inject(InferenceJobs);
  private abort?: AbortController;

  readonly running = signal(false);
  readonly error = signal<unknown>(undefined);
  readonly result = signal<InferenceResult | undefined>(undefined);
  /** The async job being followed, and how many status checks were made. */
  readonly job = signal<SageMakerJob | undefined>(undefined);
  readonly checks = signal(0);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  /** Runs `inputData` on `endpoint`; a failure lands in `error` (a cancel leaves none). */
  async start(endpoint: ModelSummary, inputData: unknown): Promise<void> {
    if (this.running()) return;
    this.running.set(true);
    this.error.set(undefined);
    this.result.set(undefined);
    this.job.set(undefined);
    const abort = new AbortController();
    this.abort = abort;
    const request = { modelName: endpoint.id, inputData };
    try {
      if (endpoint.mode === 'streaming') await this.runStreaming(request, abort.signal);
      else await this.runRequest(request, endpoint.label, abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) {
        this.error.set(error);
        this.throttle.holdFor(error);
      }
    } finally {
      this.running.set(false);
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Checks a listed job once (one the page stopped following); shows its output if it is done. */
  async check(jobId: string): Promise<void> {
    try {
      const job = await firstValueFrom(this.api.sageMakerJob(jobId));
      this.jobs.update(job);
      if (job.status === 'Completed') this.result.set({ output: job.output, jobId });
    } catch (error) {
      this.error.set(error);
    }
  }

  private async runRequest(
    request: SageMakerRequest,
    endpointLabel: string,
    signal: AbortSignal,
  ): Promise<void> {
    const response = await firstValueFrom(this.api.invokeSageMaker(request));
    if (!('jobId' in response)) {
      this.result.set(response);
      return;
    }
    this.job.set({ jobId: response.jobId, status: response.status });
    this.jobs.add(response.jobId, endpointLabel);
    this.checks.set(0);
    const finished = await pollJob(() => firstValueFrom(this.api.sageMakerJob(response.jobId)), {
      signal,
      onProgress: (job, attempt) => {
        this.job.set(job);
        this.jobs.update(job);
        this.checks.set(attempt);
      },
    });
    if (finished.status === 'Completed') {
      this.result.set({ output: finished.output, jobId: finished.jobId });
    } else {
      const reason = finished.error;
      const message =
        typeof reason === 'string'
          ? reason
          : (reason?.message ??
            $localize`:A failed job without a reason@@job.noReason:no reason given`);
      throw new ApiCallError(
        200,
        'MODEL_ERROR',
        $localize`:An async job failed@@job.failed:The job failed: ${message}:reason:`,
      );
    }
  }

  private async runStreaming(request: SageMakerRequest, signal: AbortSignal): Promise<void> {
    let text = '';
    for await (const event of this.api.streamSageMaker(request, signal)) {
      if (event.type === 'delta') {
        text += event.text;
        this.result.set({ output: text, contentType: 'text/plain' });
      } else if (event.type === 'done') {
        this.result.set({ output: text, contentType: 'text/plain', latencyMs: event.latencyMs });
      } else {
        throw new ApiCallError(200, event.error.code as ApiCallError['code'], event.error.message);
      }
    }
  }
}
