import type { SageMakerJob } from '../../core/api/api-types';

/** First wait between status checks of an async job. */
const JOB_POLL_INITIAL_DELAY_MS = 1_000;
/** Longest wait between two status checks (the delay doubles up to this). */
const JOB_POLL_MAX_DELAY_MS = 10_000;
/** How long the page follows a job before giving up (async endpoints allow up to an hour). */
const JOB_POLL_TIMEOUT_MS = 15 * 60_000;

/** The job did not finish within JOB_POLL_TIMEOUT_MS. */
export class JobPollTimeoutError extends Error {
  override readonly name = 'JobPollTimeoutError';
}

/** Wait before status check number `attempt` (0-based): 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function pollDelayMs(attempt: number): number {
  return Math.min(JOB_POLL_MAX_DELAY_MS, JOB_POLL_INITIAL_DELAY_MS * 2 ** attempt);
}

export interface PollOptions {
  readonly signal: AbortSignal;
  /** Called after every status check. */
  readonly onProgress?: (job: SageMakerJob, attempt: number) => void;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}

/**
 * Checks an async job with exponential backoff until it is `Completed` or `Failed`.
 *
 * @throws JobPollTimeoutError after `timeoutMs`; the abort reason when `signal` aborts;
 *   whatever `getJob` throws (e.g. an ApiCallError).
 */
export async function pollJob(
  getJob: () => Promise<SageMakerJob>,
  options: PollOptions,
): Promise<SageMakerJob> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? JOB_POLL_TIMEOUT_MS);
  for (let attempt = 0; ; attempt++) {
    await sleep(pollDelayMs(attempt), options.signal);
    const job = await getJob();
    options.onProgress?.(job, attempt + 1);
    if (job.status !== 'InProgress') return job;
    if (now() >= deadline) {
      const [jobId, minutes] = [
        job.jobId,
        Math.round((options.timeoutMs ?? JOB_POLL_TIMEOUT_MS) / 60_000),
      ];
      throw new JobPollTimeoutError(
        $localize`:The page stopped following a long job@@job.stillRunning:Job ${jobId}:jobId: is still running after ${minutes}:minutes: minutes`,
      );
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
