import type { SageMakerJob } from '../../core/api/api-types';
import { JobPollTimeoutError, pollDelayMs, pollJob } from './job-polling';

describe('pollDelayMs', () => {
  it('doubles from 1 s up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelayMs)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('pollJob', () => {
  const inProgress: SageMakerJob = { jobId: 'j1', status: 'InProgress' };

  it('checks with backoff until the job completes', async () => {
    const answers: SageMakerJob[] = [
      inProgress,
      inProgress,
      { jobId: 'j1', status: 'Completed', output: { y: 1 } },
    ];
    const slept: number[] = [];
    const progress: number[] = [];
    const job = await pollJob(async () => answers.shift() as SageMakerJob, {
      signal: new AbortController().signal,
      sleep: async (ms) => void slept.push(ms),
      onProgress: (_job, attempt) => progress.push(attempt),
    });
    expect(job).toEqual({ jobId: 'j1', status: 'Completed', output: { y: 1 } });
    expect(slept).toEqual([1000, 2000, 4000]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('gives up after the timeout', async () => {
    let clock = 0;
    const result = pollJob(async () => inProgress, {
      signal: new AbortController().signal,
      sleep: async (ms) => void (clock += ms),
      now: () => clock,
      timeoutMs: 20_000,
    });
    await expect(result).rejects.toBeInstanceOf(JobPollTimeoutError);
    expect(clock).toBeGreaterThanOrEqual(20_000);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const result = pollJob(async () => inProgress, { signal: controller.signal });
    controller.abort(new Error('cancelled'));
    await expect(result).rejects.toThrow('cancelled');
  });
});
