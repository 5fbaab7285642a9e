/**
 * Compatible endpoints overhead (`npm run bench -- compat`): a chat through the OpenAI- and
 * Anthropic-compatible paths against the native `/ml/bedrock` routes, in one run, against the
 * local Bedrock wire server (issue 14: added p50 < 1 ms, added time to first token < 2 ms).
 *
 * - Buffered: p50/p99 of the whole answer, native `handle(POST /ml/bedrock)` versus the compatible
 *   path with `stream: false` (the streaming function writing one JSON answer).
 * - Streamed: time to the first write carrying the first word of the answer, native NDJSON
 *   (`/ml/bedrock/stream`) versus the compatible server-sent events.
 *
 * Each pair runs alternately, so drift (GC, other load) hits both sides alike.
 */
import { Writable } from 'node:stream';

import type { APIGatewayProxyEvent } from 'aws-lambda';

import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor } from '../../amplify/functions/ml-processor/processor.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';
import { startLocalModels } from '../../local/models/index.ts';
import { ALL_ROUTES } from '../support/all-routes.ts';
import { apiEvent } from '../support/processor-harness.ts';
import { ms, percentile } from './support/latency.ts';
import { paired } from './support/paired.ts';

const ITERATIONS = 1500;
const STREAM_ITERATIONS = 600;
const WARMUP = 200;

installAwsLambdaGlobal();
const models = await startLocalModels();
const config = loadConfig({ ...models.env, UPSTREAM_MAX_ATTEMPTS: '1' });
const processor = createProcessor({ config, routes: ALL_ROUTES, clients: createClients(config) });

const prompt = 'summarize the quarterly numbers for the finance team please';
const FIRST_WORD = 'summarize';
const messages = [{ role: 'user', content: prompt }];
const native = (stream: boolean) =>
  apiEvent('POST', stream ? '/ml/bedrock/stream' : '/ml/bedrock', {
    body: { modelId: 'local.echo', prompt },
  });
const openai = (stream: boolean) =>
  apiEvent('POST', '/openai/v1/chat/completions', {
    body: { model: 'local.echo', messages, stream },
  });
const anthropic = (stream: boolean) =>
  apiEvent('POST', '/anthropic/v1/messages', {
    body: { model: 'local.echo', max_tokens: 1000, messages, stream },
  });

// Logs and EMF are built as in Lambda; writing them to this terminal is not what is measured.
const stdoutWrite = process.stdout.write;
const quiet = () => (process.stdout.write = (() => true) as typeof process.stdout.write);
const loud = () => (process.stdout.write = stdoutWrite);

async function timeNative(): Promise<number> {
  const started = performance.now();
  const result = await processor.handle(native(false));
  if (result.statusCode !== 200) throw new Error(`native answered ${result.statusCode}`);
  return performance.now() - started;
}

/** Time to the end of a streaming-function answer, or to its first write with `marker`. */
async function timeStream(event: APIGatewayProxyEvent, marker?: string): Promise<number> {
  let first = 0;
  let body = '';
  const started = performance.now();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      body += chunk.toString('utf8');
      if (marker && !first && chunk.includes(marker)) first = performance.now() - started;
      callback();
    },
  });
  await processor.stream(event, sink);
  if (!body.includes(FIRST_WORD)) throw new Error('the answer did not carry the prompt');
  return marker ? first : performance.now() - started;
}

quiet();
// Every path warm (JIT, connections) before any pair is measured: the first pair must not pay
// for the others' warm-up.
for (let i = 0; i < WARMUP; i++) {
  for (const stream of [false, true]) {
    await timeStream(openai(stream));
    await timeStream(anthropic(stream));
  }
  await timeNative();
  await timeStream(native(true));
}
const buffered = {
  openai: await paired(ITERATIONS, WARMUP, timeNative, () => timeStream(openai(false))),
  anthropic: await paired(ITERATIONS, WARMUP, timeNative, () => timeStream(anthropic(false))),
};
const streamed = {
  openai: await paired(
    STREAM_ITERATIONS,
    WARMUP,
    () => timeStream(native(true), FIRST_WORD),
    () => timeStream(openai(true), FIRST_WORD),
  ),
  anthropic: await paired(
    STREAM_ITERATIONS,
    WARMUP,
    () => timeStream(native(true), FIRST_WORD),
    () => timeStream(anthropic(true), FIRST_WORD),
  ),
};
loud();
await models.close();

const report = (
  label: string,
  p: number,
  values: { reference: number[]; project: number[] },
  target: number,
) => {
  const reference = percentile(values.reference, p);
  const project = percentile(values.project, p);
  const added = project - reference;
  console.log(
    `${label.padEnd(34)} native ${ms(reference).padStart(10)} | compatible ${ms(project).padStart(10)} | added ${ms(added).padStart(10)} (target < ${target} ms, ${added < target ? 'met' : 'MISSED'}) | ratio ${(project / reference).toFixed(2)}x`,
  );
};
console.log(
  `Buffered chat, ${ITERATIONS} paired calls each; streamed chat, ${STREAM_ITERATIONS} paired calls each`,
);
report('OpenAI chat, buffered p50', 50, buffered.openai, 1);
report('OpenAI chat, buffered p99', 99, buffered.openai, 5);
report('Anthropic messages, buffered p50', 50, buffered.anthropic, 1);
report('Anthropic messages, buffered p99', 99, buffered.anthropic, 5);
report('OpenAI time to first token p50', 50, streamed.openai, 2);
report('Anthropic time to first token p50', 50, streamed.anthropic, 2);
