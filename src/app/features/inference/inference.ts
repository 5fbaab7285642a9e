import {
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { ModelSummary, SageMakerJob } from '../../core/api/api-types';
import { MlApi } from '../../core/api/ml-api';
import { modelChoice } from '../../core/api/model-choice';
import { AuthSession } from '../../core/auth/auth-session';
import { groupsWith, hasCapability } from '../../core/auth/permissions';
import { ApiError } from '../../core/http/api-error';
import { OnlineStatus } from '../../core/http/online-status';
import { ErrorAlert } from '../../core/ui/error-alert';
import { ModelSelect } from '../../core/ui/model-select';
import { checkInput } from './json-input';
import { pollJob } from './job-polling';

const EXAMPLE_INPUT = '{\n  "inputs": "The quick brown fox"\n}';

interface InferenceResult {
  readonly output: unknown;
  readonly contentType?: string;
  readonly latencyMs?: number;
  readonly jobId?: string;
}

/** SageMaker inference: endpoint picker, JSON editor, result view, async job progress. */
@Component({
  selector: 'app-inference',
  imports: [ErrorAlert, ModelSelect],
  templateUrl: './inference.html',
  styles: `
    .actions {
      display: flex;
      gap: 0.75rem;
    }
    .progress,
    .result {
      margin-top: 1rem;
    }
    progress {
      width: 100%;
    }
  `,
})
export class Inference {
  private readonly api = inject(MlApi);
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private abort?: AbortController;

  protected readonly invokeGroups = groupsWith('invokeSageMaker').join(' or ');
  protected readonly mayInvoke = computed(() =>
    hasCapability(this.auth.groups(), 'invokeSageMaker'),
  );
  protected readonly endpoints = modelChoice('sagemaker');
  protected readonly endpoint = this.endpoints.selected;
  protected readonly isCsv = computed(() => this.endpoint()?.contentType === 'text/csv');
  protected readonly input = signal(EXAMPLE_INPUT);
  protected readonly check = computed(() => checkInput(this.input(), this.endpoint()?.contentType));
  protected readonly invalidMessage = computed(() => {
    const check = this.check();
    return check.valid ? '' : check.message;
  });
  protected readonly running = signal(false);
  protected readonly waitingForRetry = signal(false);
  protected readonly error = signal<unknown>(undefined);
  protected readonly result = signal<InferenceResult | undefined>(undefined);
  protected readonly job = signal<SageMakerJob | undefined>(undefined);
  protected readonly checks = signal(0);
  protected readonly canSubmit = computed(
    () =>
      this.mayInvoke() &&
      this.online.online() &&
      !this.running() &&
      !this.waitingForRetry() &&
      this.endpoint() !== undefined &&
      this.check().valid,
  );
  protected readonly asyncHint = computed(() => {
    const alternatives = this.endpoints.list().filter((endpoint) => endpoint.mode !== 'sync');
    return alternatives.length === 0
      ? 'Ask an administrator for an async or streaming endpoint for long inferences.'
      : `Endpoints without the time limit: ${alternatives.map((endpoint) => `${endpoint.label} (${endpoint.mode})`).join(', ')}.`;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  protected modeText(endpoint: ModelSummary): string {
    switch (endpoint.mode) {
      case 'async':
        return 'Async: runs as a job; the page follows its progress';
      case 'streaming':
        return 'Streaming: output appears as it is produced';
      default:
        return 'Synchronous: answers within 29 s';
    }
  }

  protected pretty(output: unknown): string {
    return typeof output === 'string' ? output : JSON.stringify(output, null, 2);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const endpoint = this.endpoint();
    const check = this.check();
    if (!this.canSubmit() || !endpoint || !check.valid) return;
    this.running.set(true);
    this.error.set(undefined);
    this.result.set(undefined);
    this.job.set(undefined);
    this.abort = new AbortController();
    const request = { modelName: endpoint.id, inputData: check.value };
    try {
      if (endpoint.mode === 'streaming') {
        await this.runStreaming(request, this.abort.signal);
      } else {
        await this.runRequest(request, this.abort.signal);
      }
    } catch (error) {
      if (!this.abort.signal.aborted) this.fail(error);
    } finally {
      this.running.set(false);
    }
  }

  protected cancel(): void {
    this.abort?.abort();
  }

  private async runRequest(
    request: { modelName: string; inputData: unknown },
    signal: AbortSignal,
  ): Promise<void> {
    const response = await firstValueFrom(this.api.invokeSageMaker(request));
    if (!('jobId' in response)) {
      this.result.set(response);
      return;
    }
    this.job.set({ jobId: response.jobId, status: response.status });
    this.checks.set(0);
    const finished = await pollJob(() => firstValueFrom(this.api.sageMakerJob(response.jobId)), {
      signal,
      onProgress: (job, attempt) => {
        this.job.set(job);
        this.checks.set(attempt);
      },
    });
    if (finished.status === 'Completed') {
      this.result.set({ output: finished.output, jobId: finished.jobId });
    } else {
      const reason = finished.error;
      const message = typeof reason === 'string' ? reason : (reason?.message ?? 'no reason given');
      throw new ApiError(200, 'MODEL_ERROR', `The job failed: ${message}`);
    }
  }

  private async runStreaming(
    request: { modelName: string; inputData: unknown },
    signal: AbortSignal,
  ): Promise<void> {
    let text = '';
    for await (const event of this.api.streamSageMaker(request, signal)) {
      if (event.type === 'delta') {
        text += event.text;
        this.result.set({ output: text, contentType: 'text/plain' });
      } else if (event.type === 'done') {
        this.result.set({ output: text, contentType: 'text/plain', latencyMs: event.latencyMs });
      } else {
        throw new ApiError(200, event.error.code as ApiError['code'], event.error.message);
      }
    }
  }

  private fail(error: unknown): void {
    this.error.set(error);
    if (error instanceof ApiError && error.details.retryAfterSeconds)
      this.waitingForRetry.set(true);
  }
}
