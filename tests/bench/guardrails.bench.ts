/**
 * Guardrail overhead (`npm run bench -- guardrails`): the processor with the detectors and the
 * local Bedrock guardrail against the same processor whose policy allows everything and names
 * no guardrail, in one run, on a 4 KB prompt.
 *
 * - Converse: p50/p99 of `processor.handle(POST /ml/bedrock)`, guarded minus unguarded.
 * - ConverseStream (`streamProcessingMode: 'async'`): time to the first streamed token.
 * - The detectors alone: `screenText` of the prompt under the `default` policy.
 *
 * Both sides call the same local model alternately, so drift hits them equally. The local
 * guardrail runs in the local model server: its cost is counted, as Bedrock's would be.
 */
import { Writable } from 'node:stream';

import type { CatalogEntry } from '../../amplify/catalog.ts';
import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor, type Processor } from '../../amplify/functions/ml-processor/processor.ts';
import { DETECTOR_TYPES } from '../../amplify/guardrails/detectors/index.ts';
import { policiesByName } from '../../amplify/guardrails/policies.ts';
import { screenText } from '../../amplify/guardrails/screen.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';
import { startLocalModels } from '../../local/models/index.ts';
import { LOCAL_CATALOG } from '../../local/models/local-catalog.ts';
import { ALL_ROUTES } from '../support/all-routes.ts';
import { apiEvent } from '../support/processor-harness.ts';
import { ms, percentile } from './support/latency.ts';
import { paired, type PairedTimings } from './support/paired.ts';

const ITERATIONS = 300;
const STREAM_ITERATIONS = 150;
const WARMUP = 50;
const PROMPT_BYTES = 4096;

installAwsLambdaGlobal();
const models = await startLocalModels();
const config = loadConfig({ ...models.env, UPSTREAM_MAX_ATTEMPTS: '1', MAX_BODY_BYTES: '262144' });
const policies = policiesByName([
  { name: 'default' },
  {
    name: 'unguarded',
    detectors: Object.fromEntries(DETECTOR_TYPES.map((type) => [type, 'allow'])),
  },
  {
    name: 'guarded',
    detectors: { email: 'mask', phone: 'mask' },
    bedrockGuardrail: {
      guardrailIdentifier: 'localguardrail',
      guardrailVersion: '1',
      streamProcessingMode: 'async',
    },
  },
]);
const withPolicy = (policy: string): CatalogEntry[] =>
  LOCAL_CATALOG.map((entry) => ({ ...entry, guardrails: { policy } }));
const build = (policy: string): Processor =>
  createProcessor({
    config,
    routes: ALL_ROUTES,
    clients: createClients(config),
    catalog: withPolicy(policy),
    policies,
  });
const guarded = build('guarded');
const unguarded = build('unguarded');

/** Ordinary prose with numbers and punctuation, no finding: the common case. */
const sentence =
  'Quarterly revenue rose 4.2% to 18,300 units in region 7 while costs held at 2024 levels; ';
const prompt = sentence.repeat(Math.ceil(PROMPT_BYTES / sentence.length)).slice(0, PROMPT_BYTES);
// A short answer: what is measured is the prompt's way in, not the echo's length.
const body = { modelId: 'local.echo', prompt, parameters: { maxTokens: 16 } };

const stdoutWrite = process.stdout.write;
const quiet = () => (process.stdout.write = (() => true) as typeof process.stdout.write);
const loud = () => (process.stdout.write = stdoutWrite);

const timeHandle = (processor: Processor) => async () => {
  const started = performance.now();
  const result = await processor.handle(apiEvent('POST', '/ml/bedrock', { body }));
  if (result.statusCode !== 200) throw new Error(`processor answered ${result.statusCode}`);
  return performance.now() - started;
};

const timeFirstToken = (processor: Processor) => async () => {
  let first = 0;
  const started = performance.now();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!first && chunk.includes('"delta"')) first = performance.now() - started;
      callback();
    },
  });
  await processor.stream(apiEvent('POST', '/ml/bedrock/stream', { body }), sink);
  return first;
};

quiet();
const converse = await paired(ITERATIONS, WARMUP, timeHandle(unguarded), timeHandle(guarded));
const stream = await paired(
  STREAM_ITERATIONS,
  WARMUP,
  timeFirstToken(unguarded),
  timeFirstToken(guarded),
);
loud();
await models.close();

const defaults = policies.get('default')!;
const scans: number[] = [];
for (let i = 0; i < ITERATIONS + WARMUP; i++) {
  const started = performance.now();
  screenText(prompt, defaults);
  if (i >= WARMUP) scans.push(performance.now() - started);
}

const report = (label: string, p: number, values: PairedTimings, target: number) => {
  const without = percentile(values.reference, p);
  const within = percentile(values.project, p);
  const added = within - without;
  console.log(
    `${label.padEnd(30)} without ${ms(without).padStart(10)} | with guardrails ${ms(within).padStart(10)} | added ${ms(added).padStart(10)} (target < ${target} ms, ${added < target ? 'met' : 'MISSED'}) | ratio ${(within / without).toFixed(2)}x`,
  );
};
console.log(
  `${PROMPT_BYTES}-byte prompt; Converse ${ITERATIONS} paired calls, ConverseStream (async mode) ${STREAM_ITERATIONS}`,
);
report('Converse p50', 50, converse, 1);
report('Converse p99', 99, converse, 10);
report('Time to first token p50', 50, stream, 5);
report('Time to first token p99', 99, stream, 10);
console.log(
  `Detectors alone (screenText, default policy): p50 ${ms(percentile(scans, 50))}, p99 ${ms(percentile(scans, 99))}`,
);
