import { Worker } from 'node:worker_threads';

import { PortInUseError } from '../listen.ts';
import type { ApiEmulatorStats } from './server.ts';
import type { ApiWorkerData, ApiWorkerMessage, ApiWorkerRequest } from './worker-protocol.ts';

/** How long the worker gets to close its server before it is terminated. */
const STOP_GRACE_MS = 3000;

/** The API emulator running in its worker thread. */
export interface ApiWorker {
  /** The stage URL, ending in `/`. */
  readonly url: string;
  /** The gateway's counters (authorizer invocations). */
  stats(): Promise<ApiEmulatorStats>;
  stop(): Promise<void>;
}

/**
 * Starts the API emulator in a worker thread whose environment is `env` (the handlers'
 * configuration) and resolves when it listens.
 */
export async function startApiWorker(
  data: ApiWorkerData,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ApiWorker> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: data, env });
  let exitError: Error | undefined;
  const waiters: ((message: ApiWorkerMessage | Error) => void)[] = [];
  worker.on('message', (message: ApiWorkerMessage) => waiters.shift()?.(message));
  const fail = (error: Error) => {
    exitError ??= error;
    for (const waiter of waiters.splice(0)) waiter(error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The API worker exited (code ${code})`)));
  const next = () =>
    new Promise<ApiWorkerMessage>((resolve, reject) => {
      if (exitError) return reject(exitError);
      waiters.push((message) => (message instanceof Error ? reject(message) : resolve(message)));
    });
  const send = (request: ApiWorkerRequest) => worker.postMessage(request);

  const started = await next();
  if (started.type === 'failed') {
    await worker.terminate();
    throw started.name === 'PortInUseError'
      ? new PortInUseError(started.message)
      : new Error(`The API emulator failed to start: ${started.name}: ${started.message}`);
  }
  if (started.type !== 'ready') throw new Error('The API worker answered out of turn');
  let stopped = false;
  return {
    url: started.url,
    async stats() {
      const answer = next();
      send({ type: 'stats' });
      const message = await answer;
      if (message.type !== 'stats') throw new Error('The API worker did not return its stats');
      return message.stats;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const answer = next().catch(() => undefined);
      send({ type: 'stop' });
      await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
      await worker.terminate();
    },
  };
}
