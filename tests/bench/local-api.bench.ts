/**
 * Local API throughput: authorized requests through the API emulator (throttle check, cached
 * TOKEN authorizer, policy evaluation, proxy event, the real ML processor) against the same
 * requests to the processor alone (tests/bench/local-api.processor-worker.ts). Both on loopback,
 * both in a worker thread, bounded in requests and time; any error or non-2xx fails the run.
 *
 *   npm run bench -- local-api
 */
import { Worker } from 'node:worker_threads';

import autocannon from 'autocannon';

import { STAGE_NAME } from '../../amplify/contract/gateway.ts';
import { startLocalStack } from '../../local/stack.ts';

/** Seconds per measured run (after a warm-up of WARMUP_SECONDS), and its request ceiling. */
const RUN_SECONDS = 5;
const WARMUP_SECONDS = 1;
const MAX_REQUESTS_PER_RUN = 200_000;
/** Measured runs per side, alternating, so load from elsewhere on the machine hits both alike. */
const ROUNDS = 3;
const CONNECTIONS = 8;
/** Hard ceiling for one run, whatever happens. */
const RUN_LIMIT_MS = 30_000;
/** The measured request: the model list (processor work without a model call). */
const PATH = 'ml/models';

interface Figures {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

async function load(url: string, token: string, seconds: number): Promise<Figures> {
  let watchdog: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        duration: seconds,
        maxOverallRequests: MAX_REQUESTS_PER_RUN,
        connections: CONNECTIONS,
        timeout: 10,
        headers: { authorization: `Bearer ${token}`, origin: 'http://127.0.0.1' },
      },
      (error, finished) => {
        clearTimeout(watchdog);
        if (error) reject(error);
        else resolve(finished);
      },
    );
    // The run's hard ceiling: stopping ends it with what was done (then counted as a failure).
    watchdog = setTimeout(() => instance.stop(), RUN_LIMIT_MS);
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Median req/s and median p99 of a side's runs. */
function median(runs: readonly Figures[]): Pick<Figures, 'requestsPerSecond' | 'p99Ms'> {
  const middle = <T>(values: readonly T[], by: (value: T) => number) =>
    by([...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!);
  return {
    requestsPerSecond: middle(runs, (run) => run.requestsPerSecond),
    p99Ms: middle(runs, (run) => run.p99Ms),
  };
}

const stack = await startLocalStack({
  ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
  app: 'none',
  realAws: false,
  // The stage throttle would turn a load run into 429s; this measures the path, not the limit.
  settings: { api: { throttleRateLimit: 1_000_000, throttleBurstLimit: 1_000_000 } },
});
let failed = false;
try {
  const token = await stack.signIn('mluser');
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string;
    username: string;
    exp: number;
  };
  const processor = new Worker(new URL('./local-api.processor-worker.ts', import.meta.url), {
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...process.env,
      ...stack.handlerEnvironment,
    },
    workerData: {
      stage: STAGE_NAME,
      authorizer: {
        sub: claims.sub,
        username: claims.username,
        email: '',
        groups: '["MLUsers"]',
        claims: '{}',
        exp: claims.exp,
      },
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    processor.once('message', resolve);
    processor.once('error', reject);
  });
  const gatewayUrl = `${stack.apiUrl}${PATH}`;
  const processorUrl = `http://127.0.0.1:${port}/${STAGE_NAME}/${PATH}`;

  await load(gatewayUrl, token, WARMUP_SECONDS);
  await load(processorUrl, token, WARMUP_SECONDS);
  const runs = { gateway: [] as Figures[], reference: [] as Figures[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.gateway.push(await load(gatewayUrl, token, RUN_SECONDS));
    runs.reference.push(await load(processorUrl, token, RUN_SECONDS));
  }
  processor.postMessage('stop');
  await processor.terminate();

  const row = (name: string, figures: Figures) =>
    `${name.padEnd(34)} ${figures.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50Ms).padStart(3)} ms   p99 ${String(figures.p99Ms).padStart(3)} ms   ${figures.total} requests, ${figures.errors} errors, ${figures.non2xx} non-2xx`;
  console.log(
    `GET /${STAGE_NAME}/${PATH}, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${RUN_SECONDS} s per side (latency resolution 1 ms)`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    console.log(row(`round ${round + 1}: local API`, runs.gateway[round]!));
    console.log(row(`round ${round + 1}: processor alone`, runs.reference[round]!));
  }
  const gateway = median(runs.gateway);
  const reference = median(runs.reference);
  console.log(
    `median: local API ${gateway.requestsPerSecond.toFixed(0)} req/s, p99 ${gateway.p99Ms} ms; ` +
      `reference (processor alone) ${reference.requestsPerSecond.toFixed(0)} req/s, p99 ${reference.p99Ms} ms`,
  );
  console.log(
    `ratio: ${(gateway.requestsPerSecond / reference.requestsPerSecond).toFixed(2)}x the reference's req/s, ` +
      `p99 ${(gateway.p99Ms - reference.p99Ms).toFixed(0)} ms above it`,
  );
  for (const [name, figures] of [
    ...runs.gateway.map((run) => ['local API', run] as const),
    ...runs.reference.map((run) => ['processor alone', run] as const),
  ]) {
    if (figures.errors > 0 || figures.non2xx > 0 || figures.total === 0) {
      console.error(
        `${name}: ${figures.errors} errors, ${figures.non2xx} non-2xx of ${figures.total} requests`,
      );
      failed = true;
    }
  }
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
