/**
 * The processor's audit: every request writes exactly one record, whatever its path (buffered,
 * streamed, SageMaker sync, stream and async, the compatible APIs) and however it ends (the
 * local models' fault markers, a guardrail stop, no caller, no route), under concurrency; the
 * chains stay verifiable. Local servers and real SDK clients throughout.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

import { CollectingStream, installAwsLambdaGlobal } from '../../../local/lambda/runtime.ts';
import { ALL_ROUTES } from '../../../tests/support/all-routes.ts';
import { useAuditHarness } from '../../../tests/support/audit-harness.ts';
import { apiEvent, callers } from '../../../tests/support/processor-harness.ts';
import { dayOf } from '../../audit/chain.ts';
import { verifyChains } from '../../audit/verify.ts';
import { usageLedgerFromEnv } from '../shared/usage-ledger.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { createProcessor, type Processor } from './processor.ts';

const audit = useAuditHarness();
let processor: Processor;

beforeAll(() => {
  installAwsLambdaGlobal();
  const env = {
    ...audit.models.env,
    ...audit.dynamo.env,
    UPSTREAM_TIMEOUT_MS: '500',
    UPSTREAM_MAX_ATTEMPTS: '1',
    ALLOWED_ORIGINS: 'http://localhost:4200',
  };
  const config = loadConfig(env);
  processor = createProcessor({
    config,
    routes: ALL_ROUTES,
    clients: createClients(config),
    ledger: usageLedgerFromEnv(env, audit.dynamo.client),
    audit: audit.trail().trail,
  });
});

const chat = (resource: string, text: string, caller = callers.mlUser) =>
  apiEvent('POST', resource, { body: { modelId: 'local.echo', prompt: text }, caller });
const endpoint = (resource: string, modelName: string, inputData: string) =>
  apiEvent('POST', resource, { body: { modelName, inputData } });
const compat = (resource: string, text: string, stream: boolean) =>
  apiEvent('POST', resource, {
    body: {
      model: 'local.echo',
      max_tokens: 50,
      messages: [{ role: 'user', content: text }],
      stream,
    },
  });

/** One request of every path and ending; `stream` marks the streaming function's routes. */
function mixedRequests(): { event: APIGatewayProxyEvent; stream: boolean }[] {
  const faults = ['throttle', 'unavailable', 'model-error', 'timeout', 'server-error'];
  const buffered = [
    chat('/ml/bedrock', 'hello there'),
    ...faults.map((fault) => chat('/ml/bedrock', `hi [[fault:${fault}]]`)),
    // The default policy blocks AWS access key ids: a guardrail intervention.
    chat('/ml/bedrock', 'my key is AKIAIOSFODNN7EXAMPLE'),
    endpoint('/ml/sagemaker', 'local-sentiment', 'a fine day'),
    endpoint('/ml/sagemaker', 'local-sentiment', 'a fine day [[fault:model-error]]'),
    endpoint('/ml/sagemaker', 'local-async-summarizer', 'summarize this please'),
    apiEvent('GET', '/ml/models'),
    apiEvent('GET', '/ml/models', { caller: null }),
    apiEvent('POST', '/ml/nowhere'),
  ];
  const streamed = [
    chat('/ml/bedrock/stream', 'stream me'),
    chat('/ml/bedrock/stream', 'stream me [[fault:mid-stream]]'),
    chat('/ml/bedrock/stream', 'stream me [[fault:throttle]]', callers.admin),
    endpoint('/ml/sagemaker/stream', 'local-text-stream', 'one two three'),
    endpoint('/ml/sagemaker/stream', 'local-text-stream', 'one two [[fault:server-error]]'),
    compat('/openai/v1/chat/completions', 'hello', false),
    compat('/openai/v1/chat/completions', 'hello', true),
    compat('/anthropic/v1/messages', 'hello [[fault:unavailable]]', true),
  ];
  return [
    ...buffered.map((event) => ({ event, stream: false })),
    ...streamed.map((event) => ({ event, stream: true })),
  ];
}

async function send({ event, stream }: { event: APIGatewayProxyEvent; stream: boolean }) {
  if (stream) await processor.stream(event, new CollectingStream());
  else await processor.handle(event);
}

// Dozens of concurrent requests through dynalite's one transaction queue: slow on a busy machine.
describe('audit of the processor', { timeout: 120_000 }, () => {
  it('writes exactly one record per request under concurrency and faults, in verifiable chains', async () => {
    const requests = [...mixedRequests(), ...mixedRequests()];
    const day = dayOf(new Date().toISOString());
    const before = (await audit.reader.records(day, 1000)).records.length;
    await Promise.all(requests.map(send));
    const { records } = await audit.reader.records(day, 1000);
    const ids = requests.map(({ event }) => event.requestContext.requestId);
    const audited = records.map((record) => record.requestId).filter((id) => ids.includes(id));
    expect(records.length - before).toBe(requests.length);
    expect(audited.sort()).toEqual([...ids].sort());
    const report = verifyChains(await audit.reader.links(day), await audit.reader.heads(day));
    expect(report.problems).toEqual([]);
  });

  it('records who, what, which model and policy, how it ended, tokens and cost', async () => {
    const ok = chat('/ml/bedrock', 'hello there');
    const blocked = chat('/ml/bedrock', 'my key is AKIAIOSFODNN7EXAMPLE');
    const throttled = chat('/ml/bedrock', 'hi [[fault:throttle]]');
    const anonymous = apiEvent('GET', '/ml/models', { caller: null });
    for (const event of [ok, blocked, throttled, anonymous]) await processor.handle(event);
    const { records } = await audit.reader.records(dayOf(new Date().toISOString()), 1000);
    const of = (event: APIGatewayProxyEvent) =>
      records.find((record) => record.requestId === event.requestContext.requestId);
    expect(of(ok)).toMatchObject({
      kind: 'model-call',
      sub: callers.mlUser.sub,
      username: callers.mlUser.username,
      group: 'MLUsers',
      action: 'POST /ml/bedrock',
      model: 'local.echo',
      policy: 'default',
      policyVersion: expect.stringMatching(/^[0-9a-f]{12}$/),
      outcome: 'ok',
      status: 200,
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      costNanoUsd: expect.any(Number),
      contentCaptured: 'sha256',
    });
    expect(of(ok)!.costNanoUsd).toBeGreaterThan(0);
    expect(of(blocked)).toMatchObject({
      kind: 'guardrail',
      outcome: 'guardrail_intervened',
      status: 422,
      errorCode: 'GUARDRAIL_INTERVENED',
      intervention: 'detector:awsAccessKey',
    });
    expect(of(throttled)).toMatchObject({ outcome: 'throttled', status: 429 });
    expect(of(anonymous)).toMatchObject({ sub: '', status: 401, outcome: 'client_error' });
    // Metadata only: the prompt is in no listed record.
    expect(JSON.stringify(records)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('attachments and the cost in the audit', () => {
  const withFile = (text: string, file: string) =>
    apiEvent('POST', '/ml/bedrock', {
      body: {
        modelId: 'local.attachments',
        messages: [
          {
            role: 'user',
            content: 'read this',
            attachments: [
              {
                kind: 'document',
                format: 'txt',
                name: 'notes.txt',
                data: Buffer.from(file).toString('base64'),
              },
            ],
          },
        ],
      },
    });

  it('audits a request with a file like text: its cost as answered, a blocked file as an intervention', async () => {
    const ok = withFile('read this', 'plain words');
    const blocked = withFile('read this', 'key AKIAIOSFODNN7EXAMPLE');
    const answer = JSON.parse((await processor.handle(ok)).body) as {
      data: { costNanoUsd: number };
    };
    await processor.handle(blocked);
    const { records } = await audit.reader.records(dayOf(new Date().toISOString()), 1000);
    const of = (event: APIGatewayProxyEvent) =>
      records.find((record) => record.requestId === event.requestContext.requestId);
    // The answer's cost is the one the audit (and the ledger) recorded.
    expect(of(ok)).toMatchObject({
      model: 'local.attachments',
      outcome: 'ok',
      costNanoUsd: answer.data.costNanoUsd,
      contentCaptured: 'sha256',
    });
    expect(of(blocked)).toMatchObject({
      kind: 'guardrail',
      intervention: 'detector:awsAccessKey',
      status: 422,
    });
    expect(JSON.stringify(records)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});

describe('audit clients while the model answers', () => {
  it('asks the audit sink to prepare as the model call begins, before its record; not for a request refused before it', async () => {
    const config = loadConfig({ ...audit.models.env, UPSTREAM_MAX_ATTEMPTS: '1' });
    const seen: string[] = [];
    const sink = {
      prepare: () => void seen.push('prepare'),
      record: async () => void seen.push('record'),
    };
    const audited = createProcessor({
      config,
      routes: ALL_ROUTES,
      clients: createClients(config),
      audit: sink,
    });
    expect((await audited.handle(chat('/ml/bedrock', 'hello'))).statusCode).toBe(200);
    expect(seen).toEqual(['prepare', 'record']);
    seen.length = 0;
    const refused = apiEvent('POST', '/ml/bedrock', { body: { modelId: 'local.echo' } });
    expect((await audited.handle(refused)).statusCode).toBe(400);
    expect(seen).toEqual(['record']);
  });
});
