/**
 * Local API throughput: authorized requests through the API emulator (throttle check, cached
 * TOKEN authorizer, policy evaluation, proxy event, the real ML processor) against the same
 * requests to the processor alone (tests/bench/local-api.processor-worker.ts). Both on loopback,
 * both in a worker thread, bounded in requests and time; any error or non-2xx fails the run.
 *
 *   npm run bench -- local-api
 */
import autocannon from 'autocannon';
import { Worker } from 'node:worker_threads';
import { STAGE_NAME } from '../../amplify/api/rest-api.ts';
import { startLocalStack } from '../../local/stack.ts';

/** Requests per measured run (after a warm-up of WARMUP_REQUESTS). */
const REQUESTS = 20_000;
const WARMUP_REQUESTS = 1000;
const CONNECTIONS = 8;
/** Hard ceiling for one run, whatever happens. */
const RUN_LIMIT_MS = 60_000;
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

async function load(url: string, token: string, amount: number): Promise<Figures> {
  const instance = autocannon({
    url,
    amount,
    connections: CONNECTIONS,
    timeout: 10,
    headers: { authorization: `Bearer ${token}`, origin: 'http://127.0.0.1' },
  });
  const watchdog = setTimeout(() => instance.stop(), RUN_LIMIT_MS);
  const started = performance.now();
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(watchdog);
  return {
    // autocannon's own rate is per whole second; the wall clock is exact for a bounded run.
    requestsPerSecond: result.requests.total / seconds,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
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
        groups: 'MLUsers',
        claims: '{}',
      },
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    processor.once('message', resolve);
    processor.once('error', reject);
  });
  const gatewayUrl = `${stack.apiUrl}${PATH}`;
  const processorUrl = `http://127.0.0.1:${port}/${STAGE_NAME}/${PATH}`;

  await load(gatewayUrl, token, WARMUP_REQUESTS);
  await load(processorUrl, token, WARMUP_REQUESTS);
  const gateway = await load(gatewayUrl, token, REQUESTS);
  const reference = await load(processorUrl, token, REQUESTS);
  processor.postMessage('stop');
  await processor.terminate();

  const row = (name: string, figures: Figures) =>
    `${name.padEnd(34)} ${figures.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50Ms).padStart(3)} ms   p99 ${String(figures.p99Ms).padStart(3)} ms   ${figures.total} requests, ${figures.errors} errors, ${figures.non2xx} non-2xx`;
  console.log(`GET /${STAGE_NAME}/${PATH}, ${CONNECTIONS} connections, ${REQUESTS} requests each`);
  console.log(row('local API (gateway + processor)', gateway));
  console.log(row('reference: processor alone', reference));
  console.log(
    `ratio: ${(gateway.requestsPerSecond / reference.requestsPerSecond).toFixed(2)}x the reference's req/s, ` +
      `p99 ${(gateway.p99Ms - reference.p99Ms).toFixed(0)} ms above it`,
  );
  for (const [name, figures] of [
    ['local API', gateway],
    ['processor alone', reference],
  ] as const) {
    if (figures.errors > 0 || figures.non2xx > 0 || figures.total < REQUESTS) {
      console.error(
        `${name}: ${figures.errors} errors, ${figures.non2xx} non-2xx, ${figures.total}/${REQUESTS} done`,
      );
      failed = true;
    }
  }
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
