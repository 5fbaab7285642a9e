import { Component, computed, inject, signal } from '@angular/core';

import type { ModelSummary } from '../../core/api/api-types';
import { modelChoice } from '../../core/api/model-choice';
import { AuthSession } from '../../core/auth/auth-session';
import { groupsWith, hasCapability } from '../../core/auth/permissions';
import { OnlineStatus } from '../../core/http/online-status';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { ErrorAlert } from '../../core/ui/error-alert';
import { ModelSelect } from '../../core/ui/model-select';
import { InferenceJobs } from './inference-jobs';
import { InferenceRun } from './inference-run';
import { checkInput } from './json-input';

const EXAMPLE_INPUT = '{\n  "inputs": "The quick brown fox"\n}';

/** SageMaker inference: endpoint picker, JSON editor, result view, async job progress. */
@Component({
  selector: 'app-inference',
  imports: [ErrorAlert, ModelSelect],
  providers: [InferenceRun, ThrottleWait],
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
    /* Streamed text wraps like prose; JSON keeps its lines and scrolls. */
    .result pre.text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .jobs ul {
      padding-left: 1.25rem;
    }
    .jobs li {
      margin: 0.25rem 0;
      overflow-wrap: anywhere;
    }
  `,
})
export class Inference {
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly run = inject(InferenceRun);

  protected readonly invokeGroups = groupsWith('invokeSageMaker').join(
    $localize`:Joins group names in a list of alternatives@@list.or: or `,
  );
  protected readonly sentAsCsv = $localize`:Input check for a CSV endpoint@@inference.csv:Sent as text/csv.`;
  protected readonly validJson = $localize`:Input check@@inference.validJson:Valid JSON.`;
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
  protected readonly running = this.run.running;
  protected readonly waitingForRetry = inject(ThrottleWait).waiting;
  protected readonly error = this.run.error;
  protected readonly result = this.run.result;
  protected readonly job = this.run.job;
  protected readonly checks = this.run.checks;
  protected readonly jobs = inject(InferenceJobs).jobs;
  /** A call that answers at once (sync) or a stream before its first text: show it is running. */
  protected readonly waiting = computed(
    () => this.running() && this.job() === undefined && this.result() === undefined,
  );
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
      ? $localize`:After a timeout, when no other endpoint exists@@inference.askAsync:Ask an administrator for an async or streaming endpoint for long inferences.`
      : $localize`:After a timeout - endpoints without the 29 s limit@@inference.alternatives:Endpoints without the time limit: ${alternatives.map(withMode).join(', ')}:endpoints:.`;
  });

  protected modeText(endpoint: ModelSummary): string {
    switch (endpoint.mode) {
      case 'async':
        return $localize`:Endpoint mode@@inference.mode.async:Async: runs as a job; the page follows its progress`;
      case 'streaming':
        return $localize`:Endpoint mode@@inference.mode.streaming:Streaming: output appears as it is produced`;
      default:
        return $localize`:Endpoint mode@@inference.mode.sync:Synchronous: answers within 29 s`;
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
    await this.run.start(endpoint, check.value);
  }

  protected cancel(): void {
    this.run.cancel();
  }

  protected async checkJob(jobId: string): Promise<void> {
    await this.run.check(jobId);
  }
}

/** "Local summarizer (async)"; a label that already names its mode keeps it once. */
function withMode(endpoint: ModelSummary): string {
  const mode = endpoint.mode ?? 'sync';
  return endpoint.label.toLowerCase().includes(mode)
    ? endpoint.label
    : `${endpoint.label} (${mode})`;
}
