/**
 * ML processor overhead (`npm run bench -- processor`): the processor's added latency against
 * calling the same local model directly with the same SDK client configuration, in one run.
 *
 * - Converse: p50/p99 of `processor.handle(POST /ml/bedrock)` minus a direct `ConverseCommand`.
 * - ConverseStream: time to the first streamed token, processor (first NDJSON delta line
 *   written) minus direct (first `contentBlockDelta` event).
 * - Module init: importing the Bedrock function's bundle in a fresh Node process.
 * - Cold first call (what a user waits for on a cold start): a fresh Node process imports the
 *   Bedrock buffered function's bundle (bedrock-handler.ts) and answers its first
 *   `POST /ml/bedrock` (Converse against the local Bedrock server, usage ledger on against
 *   dynalite: a reserve and a settle), configured as deployed: the built-in catalog and price
 *   book (`COLD_MODEL`, which the local server answers), not local mode's `MODEL_CATALOG` and
 *   `PRICE_BOOK`, which no deployed function reads. The reference is a fresh process that
 *   imports `node:http` and sends the same Converse request itself. Target: at most
 *   `COLD_CALL_TARGET_RATIO` times the reference. Beside it the SDK floor: the same three calls
 *   made by the bare SDK clients (support/sdk-floor-handler.ts), to show the gateway's own part.
 * - Bundle size: esbuild bundles of the four processor entry points as the deploy builds them
 *   (ESM, minified, SDK included, ES-module main fields, split: functions/shared/esm-bundling.ts):
 *   what a cold start loads (the entry and its static imports) and the whole bundle, with the
 *   packages that weigh most in the former (esbuild metafile).
 *
 * The processor's logs and EMF lines are serialized as in Lambda, but not printed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';

import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { Metafile } from 'esbuild';

import { type BedrockModel, CATALOG } from '../../amplify/catalog.ts';
import { createBedrockClients } from '../../amplify/functions/ml-processor/bedrock-clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor } from '../../amplify/functions/ml-processor/processor.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';
import { startLocalModels } from '../../local/models/index.ts';
import { LOCAL_CATALOG } from '../../local/models/local-catalog.ts';
import { startLocalDynamo } from '../../local/usage/dynamo.ts';
import { BEDROCK_ROUTES } from '../support/all-routes.ts';
import {
  bundleFunction,
  coldStartOutputs,
  kibOf,
  scriptOutputs,
} from '../support/function-bundles.ts';
import { apiEvent } from '../support/processor-harness.ts';
import { COLD_CALL_TARGET_RATIO, FUNCTION_BUNDLE_BUDGET_KIB } from './support/budgets.ts';
import { ms, percentile } from './support/latency.ts';
import { paired } from './support/paired.ts';

const ITERATIONS = 3000;
const STREAM_ITERATIONS = 1000;
const WARMUP = 300;
/** Fresh processes per side for module init and the cold first call. */
const COLD_RUNS = 11;

installAwsLambdaGlobal();
/** The built-in catalog's model the cold calls use (one ML users may call, priced in us-east-1). */
const COLD_MODEL = CATALOG.find((entry) => entry.id === 'nova-lite') as BedrockModel;
// The local models, and the built-in one of the cold calls.
const models = await startLocalModels({ serves: [...LOCAL_CATALOG, COLD_MODEL] });
const config = loadConfig({ ...models.env, UPSTREAM_MAX_ATTEMPTS: '1' });
// What the Bedrock buffered function runs: its routes and its one SDK client.
const processor = createProcessor({
  config,
  routes: BEDROCK_ROUTES,
  clients: createBedrockClients(config),
});
const direct = createBedrockClients(config).bedrock;

const prompt = 'summarize the quarterly numbers for the finance team please';
const input = {
  modelId: 'local.echo-v1',
  messages: [{ role: 'user' as const, content: [{ text: prompt }] }],
  inferenceConfig: { maxTokens: 1000 },
};
const body = { modelId: 'local.echo', prompt };

// Logs and EMF are built as in Lambda; writing them to this terminal is not what is measured.
const stdoutWrite = process.stdout.write;
const quiet = () => (process.stdout.write = (() => true) as typeof process.stdout.write);
const loud = () => (process.stdout.write = stdoutWrite);

async function timeDirect(): Promise<number> {
  const started = performance.now();
  await direct.send(new ConverseCommand(input));
  return performance.now() - started;
}

async function timeProcessor(): Promise<number> {
  const started = performance.now();
  const result = await processor.handle(apiEvent('POST', '/ml/bedrock', { body }));
  if (result.statusCode !== 200) throw new Error(`processor answered ${result.statusCode}`);
  return performance.now() - started;
}

async function ttftDirect(): Promise<number> {
  const started = performance.now();
  const response = await direct.send(new ConverseStreamCommand(input));
  let first = 0;
  for await (const event of response.stream!)
    if (!first && event.contentBlockDelta) first = performance.now() - started;
  return first;
}

async function ttftProcessor(): Promise<number> {
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
}

quiet();
const converse = await paired(ITERATIONS, WARMUP, timeDirect, timeProcessor);
const stream = await paired(STREAM_ITERATIONS, WARMUP, ttftDirect, ttftProcessor);
loud();

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
    `${label.padEnd(26)} direct SDK ${ms(reference).padStart(10)} | via processor ${ms(project).padStart(10)} | added ${ms(added).padStart(10)} (target < ${target} ms, ${added < target ? 'met' : 'MISSED'}) | ratio ${(project / reference).toFixed(2)}x`,
  );
};
console.log(
  `Converse round trip, ${ITERATIONS} paired calls; ConverseStream, ${STREAM_ITERATIONS} paired calls`,
);
report('Converse p50', 50, converse, 2);
report('Converse p99', 99, converse, 10);
report('Time to first token p50', 50, stream, 5);
report('Time to first token p99', 99, stream, 10);

// Bundle size, module init and cold first call of the deployable entry points.
/** The packages (or project folders) that weigh most in `outputs`, from esbuild's metafile. */
function heaviest(metafile: Metafile, outputs: readonly string[], count = 6): string {
  const byPackage = new Map<string, number>();
  for (const output of outputs)
    for (const [file, { bytesInOutput }] of Object.entries(metafile.outputs[output]!.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
        file.split('/').slice(0, 3).join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
}

const dynamo = await startLocalDynamo();
const out = mkdtempSync(path.join(tmpdir(), 'ml-processor-bench-'));
try {
  for (const entry of [
    'bedrock-handler',
    'bedrock-stream-handler',
    'sagemaker-handler',
    'sagemaker-stream-handler',
  ]) {
    const metafile = await bundleFunction(
      `amplify/functions/ml-processor/${entry}.ts`,
      path.join(out, entry),
    );
    const cold = coldStartOutputs(metafile);
    const kib = kibOf(metafile, cold);
    console.log(
      `Bundle ${entry}.ts (esbuild, minified, AWS SDK included): a cold start loads ${kib.toFixed(0)} KiB in ${cold.length} files (budget ${FUNCTION_BUNDLE_BUDGET_KIB} KiB, ${kib <= FUNCTION_BUNDLE_BUDGET_KIB ? 'met' : 'MISSED'}) of ${kibOf(metafile, scriptOutputs(metafile)).toFixed(0)} KiB; heaviest (KiB): ${heaviest(metafile, cold)}`,
    );
  }
  // As deployed: no MODEL_CATALOG or PRICE_BOOK (local mode's), so the built-in ones serve.
  const deployedModelsEnv = Object.fromEntries(
    Object.entries(models.env).filter(
      ([name]) => name !== 'MODEL_CATALOG' && name !== 'PRICE_BOOK',
    ),
  );
  const env = { ...process.env, ...deployedModelsEnv, ...dynamo.env, UPSTREAM_MAX_ATTEMPTS: '1' };
  // Asynchronous: the local model server and dynalite answer from this process's event loop.
  const run = async (code: string, extraEnv: Record<string, string> = {}) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', code],
      { env: { ...env, ...extraEnv }, encoding: 'utf8' },
    );
    const value = Number(stdout.trim().split('\n').at(-1));
    if (!Number.isFinite(value)) throw new Error(`cold-start child printed no time: ${stdout}`);
    return value;
  };
  const importOf = (target: string) =>
    `const s=performance.now();await import(${JSON.stringify(target)});console.log(performance.now()-s)`;
  const bedrockBundle = path.join(out, 'bedrock-handler', 'index.mjs');
  await bundleFunction('tests/bench/support/sdk-floor-handler.ts', path.join(out, 'sdk-floor'));
  // The project: import the bundle, then answer one Converse call through the handler.
  const firstCall = (bundle: string) => `const s=performance.now();
const { handler } = await import(${JSON.stringify(bundle)});
const result = await handler(JSON.parse(process.env.BENCH_EVENT), JSON.parse(process.env.BENCH_CONTEXT));
if (result.statusCode !== 200) throw new Error('processor answered ' + result.statusCode + ' ' + result.body);
console.log(performance.now()-s)`;
  // The reference: import node:http, then send the same Converse request to the same server.
  const referenceCall = `const s=performance.now();
const http = await import('node:http');
await new Promise((resolve, reject) => {
  const request = http.request(process.env.BEDROCK_ENDPOINT + '/model/' + encodeURIComponent(process.env.BENCH_MODEL_ID) + '/converse', { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
    if (response.statusCode !== 200) reject(new Error('server answered ' + response.statusCode));
    response.resume();
    response.on('end', resolve);
  });
  request.on('error', reject);
  request.end(process.env.BENCH_CONVERSE);
});
console.log(performance.now()-s)`;
  const callEnv = {
    BENCH_EVENT: JSON.stringify(
      apiEvent('POST', '/ml/bedrock', { body: { ...body, modelId: COLD_MODEL.id } }),
    ),
    BENCH_MODEL_ID: COLD_MODEL.modelId,
    BENCH_CONTEXT: JSON.stringify({
      functionName: 'ml-bedrock-processor',
      awsRequestId: 'cold-1',
    } satisfies Partial<Context>),
    BENCH_CONVERSE: JSON.stringify({
      messages: input.messages,
      inferenceConfig: input.inferenceConfig,
    }),
  };
  const inits: number[] = [];
  const bare: number[] = [];
  const cold: number[] = [];
  const coldReference: number[] = [];
  const sdkFloor: number[] = [];
  // The processor's ledger items (the SDK floor's are under one key of their own).
  const ledgerRecords = async () =>
    (
      await dynamo.client.send(
        new ScanCommand({
          TableName: dynamo.tableNames.usage,
          FilterExpression: 'pk <> :floor',
          ExpressionAttributeValues: { ':floor': 'SDK-FLOOR' },
        }),
      )
    ).Count ?? 0;
  const recordsBefore = await ledgerRecords();
  for (let i = 0; i < COLD_RUNS; i++) {
    inits.push(await run(importOf(bedrockBundle)));
    bare.push(await run(importOf('node:http')));
    cold.push(await run(firstCall(bedrockBundle), callEnv));
    coldReference.push(await run(referenceCall, callEnv));
    sdkFloor.push(await run(firstCall(path.join(out, 'sdk-floor', 'index.mjs')), callEnv));
  }
  console.log(
    `Module init (import of the bundled bedrock-handler.ts, fresh process, median of ${COLD_RUNS}): ${ms(percentile(inits, 50))} | reference: import of node:http ${ms(percentile(bare, 50))} | ratio ${(percentile(inits, 50) / percentile(bare, 50)).toFixed(1)}x`,
  );
  // The ledger really ran: each cold call left its usage in the table.
  const written = (await ledgerRecords()) - recordsBefore;
  if (written < COLD_RUNS)
    throw new Error(`the cold calls wrote ${written} ledger items, expected ${COLD_RUNS} or more`);
  const coldRatio = percentile(cold, 50) / percentile(coldReference, 50);
  console.log(
    `Cold first Converse call (fresh process: import + first answer, ledger on, median of ${COLD_RUNS}): ${ms(percentile(cold, 50))} | reference: node:http import + the same request ${ms(percentile(coldReference, 50))} | ratio ${coldRatio.toFixed(2)}x (target <= ${COLD_CALL_TARGET_RATIO}x, ${coldRatio <= COLD_CALL_TARGET_RATIO ? 'met' : 'MISSED'})`,
  );
  console.log(
    `SDK floor (fresh process: the same hold, Converse and settlement with the bare SDK clients, bundled alike; support/sdk-floor-handler.ts): ${ms(percentile(sdkFloor, 50))} | ratio to the reference ${(percentile(sdkFloor, 50) / percentile(coldReference, 50)).toFixed(2)}x | the gateway's own part of the cold call ${ms(percentile(cold, 50) - percentile(sdkFloor, 50))}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
  await dynamo.stop();
  await models.close();
}
