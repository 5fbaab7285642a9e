import { effect, inject, Injectable, signal, untracked } from '@angular/core';

import type { SageMakerJob } from '../../core/api/api-types';
import { AuthSession } from '../../core/auth/auth-session';

/** An async job started from the SageMaker page. */
export interface TrackedJob extends SageMakerJob {
  readonly endpointLabel: string;
  readonly startedAt: Date;
}

/**
 * The async jobs started in this browser tab, kept across page visits (the page that followed
 * a job may be gone before it ends). Emptied when the signed-in user changes.
 */
@Injectable({ providedIn: 'root' })
export class InferenceJobs {
  private readonly list = signal<readonly TrackedJob[]>([]);
  /** Newest first. */
  readonly jobs = this.list.asReadonly();

  constructor() {
    const auth = inject(AuthSession);
    effect(() => {
      auth.user();
      untracked(() => this.list.set([]));
    });
  }

  add(jobId: string, endpointLabel: string): void {
    const job: TrackedJob = { jobId, status: 'InProgress', endpointLabel, startedAt: new Date() };
    this.list.update((jobs) => [job, ...jobs.filter((other) => other.jobId !== jobId)]);
  }

  /** Records a status check's answer. */
  update(job: SageMakerJob): void {
    this.list.update((jobs) =>
      jobs.map((tracked) => (tracked.jobId === job.jobId ? { ...tracked, ...job } : tracked)),
    );
  }
}
