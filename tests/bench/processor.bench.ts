/**
 * ML processor overhead (`npm run bench -- processor`): the processor's added latency against
 * calling the same local model directly with the same SDK client configuration, in one run.
 *
 * - Converse: p50/p99 of `processor.handle(POST /ml/bedrock)` minus a direct `ConverseCommand`.
 * - ConverseStream: time to the first streamed token, processor (first NDJSON delta line
 *   written) minus direct (first `contentBlockDelta` event).
 * - Module init: importing the bundled handler in a fresh Node process.
 * - Bundle size: esbuild bundles of both entry points (minified, SDK included).
 *
 * The processor's logs and EMF lines are serialized as in Lambda, but not printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { build } from 'esbuild';
import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor } from '../../amplify/functions/ml-processor/processor.ts';
import { apiEvent } from '../support/processor-harness.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';
import { startLocalModels } from '../../local/models/index.ts';
import { ms, percentile } from './support/latency.ts';

const ITERATIONS = 3000;
const STREAM_ITERATIONS = 1000;
const WARMUP = 300;
const root = path.resolve(import.meta.dirname, '../..');

installAwsLambdaGlobal();
const models = await startLocalModels();
const config = loadConfig({ ...models.env, UPSTREAM_MAX_ATTEMPTS: '1' });
const processor = createProcessor({ config, clients: createClients(config) });
const direct = createClients(config).bedrock;

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

/** Runs both sides alternately so drift (GC, other load) hits them equally. */
async function paired(
  iterations: number,
  reference: () => Promise<number>,
  project: () => Promise<number>,
) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    await reference();
    await project();
  }
  for (let i = 0; i < iterations; i++) {
    a.push(await reference());
    b.push(await project());
  }
  return { reference: a, project: b };
}

quiet();
const converse = await paired(ITERATIONS, timeDirect, timeProcessor);
const stream = await paired(STREAM_ITERATIONS, ttftDirect, ttftProcessor);
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

// Bundle size and module init of the deployable entry points.
const out = mkdtempSync(path.join(tmpdir(), 'ml-processor-bench-'));
try {
  const sizes: string[] = [];
  for (const entry of ['handler', 'stream-handler']) {
    const outfile = path.join(out, `${entry}.mjs`);
    await build({
      entryPoints: [path.join(root, `amplify/functions/ml-processor/${entry}.ts`)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      outfile,
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    sizes.push(`${entry}.ts ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
  }
  console.log(`Bundle (esbuild, minified, AWS SDK included): ${sizes.join(', ')}`);
  const inits: number[] = [];
  const bare: number[] = [];
  const script = (target: string) =>
    `const s=performance.now();await import(${JSON.stringify(target)});console.log(performance.now()-s)`;
  for (let i = 0; i < 7; i++) {
    const run = (code: string) =>
      Number(
        spawnSync(process.execPath, ['--input-type=module', '-e', code], {
          env: { ...process.env, ...models.env, AWS_REGION: 'us-east-1' },
          encoding: 'utf8',
        }).stdout.trim(),
      );
    inits.push(run(script(path.join(out, 'handler.mjs'))));
    bare.push(run(script('node:http')));
  }
  console.log(
    `Module init (import of the bundled handler.ts, fresh process, median of 7): ${ms(percentile(inits, 50))} | reference: import of node:http ${ms(percentile(bare, 50))}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
