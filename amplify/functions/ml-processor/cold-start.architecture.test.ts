import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startLocalModels } from '../../../local/models/index.ts';
import { startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { bundleFunction } from '../../../tests/support/function-bundles.ts';
import { apiEvent } from '../../../tests/support/processor-harness.ts';

/**
 * What a cold start of the Bedrock function loads, observed in a fresh Node process running
 * its deployed bundle: no route, SDK client or Node built-in may bring in Node's fetch
 * implementation (undici), which no function uses and every cold start would pay for
 * (docs/architecture.md, "Cold start"). Powertools' event-handler `Router` (web `Request` and
 * `Response`) and the ES-module facade of `node:http` each did (esm-bundling.ts).
 */
describe('a cold Bedrock call (architecture)', () => {
  let stop: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  const out = mkdtempSync(path.join(tmpdir(), 'cold-start-'));

  beforeAll(async () => {
    const [models, dynamo] = await Promise.all([startLocalModels(), startLocalDynamo()]);
    stop = async () => {
      await Promise.all([models.close(), dynamo.stop()]);
    };
    env = { ...process.env, ...models.env, ...dynamo.env, UPSTREAM_MAX_ATTEMPTS: '1' };
    await bundleFunction('amplify/functions/ml-processor/bedrock-handler.ts', out);
  }, 60_000);

  afterAll(async () => {
    await stop?.();
    rmSync(out, { recursive: true, force: true });
  });

  it('answers its first Converse call without loading undici', async () => {
    const event = apiEvent('POST', '/ml/bedrock', {
      body: { modelId: 'local.echo', prompt: 'hello' },
    });
    // The child reports the status and the undici modules Node loaded (`process.moduleLoadList`
    // names each internal module once it is loaded).
    const child = `const { handler } = await import(${JSON.stringify(path.join(out, 'index.mjs'))});
const result = await handler(JSON.parse(process.env.COLD_EVENT), { awsRequestId: 'cold-1' });
const undici = process.moduleLoadList.filter((name) => name.includes('undici'));
process.stdout.write('\\n' + JSON.stringify({ status: result.statusCode, undici }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', child],
      { env: { ...env, COLD_EVENT: JSON.stringify(event) }, encoding: 'utf8' },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200, undici: [] });
  }, 60_000);
});
