import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { installAwsLambdaGlobal } from '../../../local/lambda/runtime.ts';
import { localEmbedding } from '../../../local/models/embeddings.ts';
import { type LocalModels, startLocalModels } from '../../../local/models/index.ts';
import { LOCAL_CATALOG } from '../../../local/models/local-catalog.ts';
import { ALL_ROUTES } from '../../../tests/support/all-routes.ts';
import {
  apiEvent,
  call,
  callers,
  callStream,
  captureOutput,
  RecordingLedger,
} from '../../../tests/support/processor-harness.ts';
import type { AuditEvent } from '../../audit/trail.ts';
import type { CatalogEntry } from '../../catalog.ts';
import { GUARDRAIL_POLICIES, policiesByName } from '../../guardrails/policies.ts';
import { converse } from './bedrock.ts';
import { createClients, type UpstreamClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { createProcessor, type Processor } from './processor.ts';
import { UpstreamCall } from './upstream-call.ts';

/**
 * Every path (Converse, ConverseStream, SageMaker sync, stream and async) under a guardrail
 * policy, against the local model servers and their local Bedrock guardrail: MLUsers get
 * `strict-pii` (e-mail and phone masked, cards and IBANs blocked), Administrators get
 * `local-guardrail` (e-mail masked, then the local Bedrock guardrail) on the guarded models;
 * `local.markdown` names no policy (the `default` one).
 */
const GUARDED = new Set([
  'local.echo',
  'local.embed',
  'local-sentiment',
  'local-text-stream',
  'local-async-summarizer',
]);
const catalog: CatalogEntry[] = LOCAL_CATALOG.map((entry) =>
  GUARDED.has(entry.id)
    ? {
        ...entry,
        guardrails: { groups: { MLUsers: 'strict-pii', Administrators: 'local-guardrail' } },
      }
    : entry,
);
const policies = policiesByName([
  ...GUARDRAIL_POLICIES,
  {
    name: 'local-async',
    bedrockGuardrail: {
      guardrailIdentifier: 'localguardrail',
      guardrailVersion: '1',
      streamProcessingMode: 'async',
    },
  },
]);

let models: LocalModels;
let clients: UpstreamClients;
let processor: Processor;
const ledger = new RecordingLedger();
let ledgered: Processor;
/** Audit events of `processor`'s requests (the fields, never a store). */
const audited: AuditEvent[] = [];

beforeAll(async () => {
  installAwsLambdaGlobal();
  models = await startLocalModels();
  const config = loadConfig({
    ...models.env,
    UPSTREAM_TIMEOUT_MS: '2000',
    UPSTREAM_MAX_ATTEMPTS: '1',
    MAX_BODY_BYTES: '262144',
    ALLOWED_ORIGINS: 'http://localhost:4200',
    DEPLOYMENT_NAME: 'guardrails-test',
  });
  clients = createClients(config);
  processor = createProcessor({
    config,
    routes: ALL_ROUTES,
    clients,
    catalog,
    policies,
    audit: { record: async (event) => void audited.push(event) },
  });
  ledgered = createProcessor({ config, routes: ALL_ROUTES, clients, catalog, policies, ledger });
});
afterAll(async () => {
  clients.bedrock.destroy();
  clients.sagemaker.destroy();
  clients.s3.destroy();
  await models.close();
});

const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane.doe@example.com';
const requests = (operation: string) => models.stats.requests[operation] ?? 0;
const bedrock = (prompt: string, caller = callers.mlUser, modelId = 'local.echo') =>
  apiEvent('POST', '/ml/bedrock', { body: { modelId, prompt }, caller });
const bedrockStream = (prompt: string, caller = callers.mlUser) =>
  apiEvent('POST', '/ml/bedrock/stream', { body: { modelId: 'local.echo', prompt }, caller });
const sagemaker = (modelName: string, inputData: string, caller = callers.mlUser, stream = false) =>
  apiEvent('POST', stream ? '/ml/sagemaker/stream' : '/ml/sagemaker', {
    body: { modelName, inputData },
    caller,
  });

/** The answer of a detector block: 422, the policy and type named, the content not echoed. */
function expectDetectorBlock(
  status: number,
  error: { code: string; message: string; details?: unknown } | undefined,
  policy: string,
  detector: string,
) {
  expect(status).toBe(422);
  expect(error?.code).toBe('GUARDRAIL_INTERVENED');
  expect(error?.details).toEqual({ policy, source: 'detector', stage: 'input', detector });
  expect(error?.message).toContain(`"${policy}"`);
  expect(error?.message).toMatch(/Remove it and send again/);
  expect(JSON.stringify(error)).not.toContain('4111');
}

describe('Converse (POST /ml/bedrock)', () => {
  it('masks what the policy masks before the model sees it', async () => {
    const { status, body } = await call(processor, bedrock(`mail ${EMAIL} or +1-202-555-0173`));
    expect(status).toBe(200);
    expect((body.data!['output'] as { content: string }).content).toBe('mail [EMAIL] or [PHONE]');
  });

  it('blocks what the policy blocks without calling the model', async () => {
    const before = requests('Converse');
    const { status, body } = await call(processor, bedrock(`pay with ${CARD}`));
    expectDetectorBlock(status, body.error as never, 'strict-pii', 'card');
    expect(requests('Converse')).toBe(before);
  });

  it('applies the default policy to a model that names none', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
    const blocked = await call(processor, bedrock(key, callers.mlUser, 'local.markdown'));
    expect(blocked.body.error?.code).toBe('GUARDRAIL_INTERVENED');
    const masked = await call(processor, bedrock(`card ${CARD}`, callers.mlUser, 'local.echo'));
    expect(masked.status).toBe(422); // strict-pii blocks on local.echo ...
    const defaults = await call(
      processor,
      bedrock(`card ${CARD}`, callers.mlUser, 'local.markdown'),
    );
    expect(JSON.stringify(defaults.body.data)).toContain('[CARD]'); // ... default masks
  });

  it('sends guardrailConfig: the Bedrock guardrail stops a blocked word', async () => {
    const { status, body } = await call(processor, bedrock('a forbidden topic', callers.admin));
    expect(status).toBe(422);
    expect((body.error as { details?: unknown } | undefined)?.details).toEqual({
      policy: 'local-guardrail',
      source: 'bedrockGuardrail',
      stage: 'output',
    });
    expect(body.error?.message).not.toContain('forbidden');
  });

  it('masks before the Bedrock guardrail, so a masked e-mail passes it', async () => {
    const { status, body } = await call(processor, bedrock(`to ${EMAIL}`, callers.admin));
    expect(status).toBe(200);
    expect((body.data!['output'] as { content: string }).content).toBe('to [EMAIL]');
  });

  it('counts the intervention: outcome, policy and EMF metric, never the content', async () => {
    const output = captureOutput();
    try {
      await call(processor, bedrock(`pay with ${CARD}`));
    } finally {
      output.restore();
    }
    const log = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const record = log.find((line) => line['message'] === 'ml invocation');
    expect(record).toMatchObject({
      outcome: 'guardrail_intervened',
      status: 422,
      errorCode: 'GUARDRAIL_INTERVENED',
      guardrailPolicy: 'strict-pii',
      guardrailIntervention: 'detector:card',
    });
    expect(log.find((line) => '_aws' in line)).toMatchObject({ GuardrailInterventions: 1 });
    expect(output.lines.join('\n')).not.toContain('4111');
  });

  it('counts a masking in the GuardrailMasks metric', async () => {
    const output = captureOutput();
    try {
      await call(processor, bedrock(`mail ${EMAIL}`));
    } finally {
      output.restore();
    }
    const log = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(log.find((line) => line['message'] === 'ml invocation')).toMatchObject({
      outcome: 'ok',
      guardrailMasked: ['email'],
    });
    expect(log.find((line) => '_aws' in line)).toMatchObject({
      GuardrailMasks: 1,
      GuardrailInterventions: 0,
    });
    expect(output.lines.join('\n')).not.toContain(EMAIL);
  });
});

describe('restorable masked values (policy restorable-pii)', () => {
  // ReadOnly callers are never granted local.echo: MLUsers get `restorable-pii` here.
  const restoring = () =>
    createProcessor({
      config: loadConfig({
        ...models.env,
        UPSTREAM_TIMEOUT_MS: '2000',
        UPSTREAM_MAX_ATTEMPTS: '1',
        MAX_BODY_BYTES: '262144',
        ALLOWED_ORIGINS: 'http://localhost:4200',
        DEPLOYMENT_NAME: 'guardrails-test',
      }),
      routes: ALL_ROUTES,
      clients,
      catalog: catalog.map((entry) =>
        ['local.echo', 'local-async-summarizer'].includes(entry.id)
          ? { ...entry, guardrails: { policy: 'restorable-pii' } }
          : entry,
      ),
      policies,
      audit: { record: async (event) => void audited.push(event) },
    });
  const OTHER = 'john.roe@example.org';
  const PHONE = '+44 20 7946 0958';
  const prompt = `write to ${EMAIL} and ${OTHER}, cc ${EMAIL}, call ${PHONE}`;

  it('Converse: the model sees numbered placeholders; only the answer maps them back', async () => {
    const output = captureOutput();
    let answer;
    try {
      answer = await call(restoring(), bedrock(prompt));
    } finally {
      output.restore();
    }
    expect(answer.status).toBe(200);
    // The echo model answers what it saw.
    expect((answer.body.data!['output'] as { content: string }).content).toBe(
      'write to [EMAIL_1] and [EMAIL_2], cc [EMAIL_1], call [PHONE_1]',
    );
    expect(answer.body.data!['maskedValues']).toEqual({
      '[EMAIL_1]': EMAIL,
      '[EMAIL_2]': OTHER,
      '[PHONE_1]': PHONE,
    });
    // Never in a log line or metric, never in the audit record's fields.
    for (const value of [EMAIL, OTHER, '7946'])
      expect(output.lines.join('\n')).not.toContain(value);
    const record = audited.find((event) => event.requestId === answer.body.requestId)!;
    // (`content` is the request body, kept only as the group's capture setting says.)
    const fields = Object.fromEntries(
      Object.entries(record).filter(([name]) => name !== 'content'),
    );
    expect(fields).toMatchObject({ masked: ['email', 'phone'] });
    expect(JSON.stringify(fields)).not.toContain(OTHER);
  });

  it('ConverseStream: the done event carries the mapping, the deltas the placeholders', async () => {
    const { status, lines } = await callStream(restoring(), bedrockStream(`hi ${EMAIL}`));
    expect(status).toBe(200);
    const text = lines.flatMap((line) => (line['type'] === 'delta' ? [line['text']] : [])).join('');
    expect(text).toBe('hi [EMAIL_1]');
    expect(lines.at(-1)).toMatchObject({ type: 'done', maskedValues: { '[EMAIL_1]': EMAIL } });
  });

  it('SageMaker async: the submission answers the mapping of its input', async () => {
    const submitted = await call(
      restoring(),
      sagemaker('local-async-summarizer', `contact ${EMAIL} about it`),
    );
    expect(submitted.status).toBe(202);
    expect(submitted.body.data!['maskedValues']).toEqual({ '[EMAIL_1]': EMAIL });
  });

  it('a policy that restores nothing answers no mapping and plain placeholders', async () => {
    const answer = await call(processor, bedrock(`mail ${EMAIL}`));
    expect((answer.body.data!['output'] as { content: string }).content).toBe('mail [EMAIL]');
    expect(answer.body.data).not.toHaveProperty('maskedValues');
  });
});

describe('charging an intervention', () => {
  it('refunds a prompt stopped before the model: nothing reached it', async () => {
    const event = bedrock(`pay with ${CARD}`);
    expect((await call(ledgered, event)).status).toBe(422);
    expect(ledger.settled.get(event.requestContext.requestId)?.status).toBe('refunded');
  });

  it('charges an answer the Bedrock guardrail stopped: the model ran', async () => {
    const event = bedrock('a forbidden topic', callers.admin);
    expect((await call(ledgered, event)).status).toBe(422);
    expect(ledger.settled.get(event.requestContext.requestId)?.status).not.toBe('refunded');
  });
});

describe('ConverseStream (POST /ml/bedrock/stream)', () => {
  it('blocks with an HTTP 422 before any byte is streamed', async () => {
    const { status, json } = await callStream(processor, bedrockStream(`card ${CARD}`));
    expect(status).toBe(422);
    expectDetectorBlock(status, (json as { error: never }).error, 'strict-pii', 'card');
  });

  it('streams the masked prompt', async () => {
    const { status, lines } = await callStream(processor, bedrockStream(`hi ${EMAIL}`));
    expect(status).toBe(200);
    const text = lines.flatMap((line) => (line['type'] === 'delta' ? [line['text']] : [])).join('');
    expect(text).toBe('hi [EMAIL]');
  });

  it('ends with a GUARDRAIL_INTERVENED error when the Bedrock guardrail stops it', async () => {
    const { lines } = await callStream(processor, bedrockStream('classified plans', callers.admin));
    expect(lines.at(-1)).toMatchObject({ type: 'error', error: { code: 'GUARDRAIL_INTERVENED' } });
    expect(JSON.stringify(lines)).not.toContain('classified');
  });
});

describe('SageMaker', () => {
  it('sync: blocks an IBAN without invoking the endpoint', async () => {
    const before = requests('InvokeEndpoint');
    const { status, body } = await call(
      processor,
      sagemaker('local-sentiment', 'refund to DE89 3704 0044 0532 0130 00'),
    );
    expectDetectorBlock(status, body.error as never, 'strict-pii', 'iban');
    expect(requests('InvokeEndpoint')).toBe(before);
  });

  it('sync: ApplyGuardrail stops a blocked word in the input', async () => {
    const before = { apply: requests('ApplyGuardrail'), invoke: requests('InvokeEndpoint') };
    const { status, body } = await call(
      processor,
      sagemaker('local-sentiment', 'a classified report', callers.admin),
    );
    expect(status).toBe(422);
    expect((body.error as { details?: unknown } | undefined)?.details).toEqual({
      policy: 'local-guardrail',
      source: 'bedrockGuardrail',
      stage: 'input',
    });
    expect(requests('ApplyGuardrail')).toBe(before.apply + 1);
    expect(requests('InvokeEndpoint')).toBe(before.invoke);
  });

  it('sync: a clean input passes ApplyGuardrail on the way in and out', async () => {
    const before = requests('ApplyGuardrail');
    const { status } = await call(
      processor,
      sagemaker('local-sentiment', 'great day', callers.admin),
    );
    expect(status).toBe(200);
    expect(requests('ApplyGuardrail')).toBe(before + 2);
  });

  it('stream: the endpoint streams the masked input; a card is blocked', async () => {
    const masked = await callStream(
      processor,
      sagemaker('local-text-stream', `write ${EMAIL} now`, callers.mlUser, true),
    );
    const text = masked.lines.flatMap((line) => (line['type'] === 'delta' ? [line['text']] : []));
    expect(text.join('')).toBe('write [EMAIL] now');
    const blocked = await callStream(
      processor,
      sagemaker('local-text-stream', `card ${CARD}`, callers.mlUser, true),
    );
    expectDetectorBlock(
      blocked.status,
      (blocked.json as { error: never }).error,
      'strict-pii',
      'card',
    );
  });

  it('stream: ApplyGuardrail checks the streamed output when it ends', async () => {
    const before = requests('ApplyGuardrail');
    const { status, lines } = await callStream(
      processor,
      sagemaker('local-text-stream', 'all good here', callers.admin, true),
    );
    expect(status).toBe(200);
    expect(lines.at(-1)).toMatchObject({ type: 'done' });
    expect(requests('ApplyGuardrail')).toBe(before + 2);
  });

  it('async: the stored input is the masked one', async () => {
    const submitted = await call(
      processor,
      sagemaker('local-async-summarizer', `contact ${EMAIL} about it`),
    );
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.data!['jobId'] as string;
    const done = await vi.waitFor(
      async () => {
        const answer = await call(
          processor,
          apiEvent('GET', '/ml/sagemaker/jobs/{jobId}', { pathParameters: { jobId } }),
        );
        expect(answer.body.data?.['status']).toBe('Completed');
        return answer;
      },
      { timeout: 3000, interval: 20 },
    );
    expect(JSON.stringify(done.body.data!['output'])).toContain('[EMAIL]');
    expect(JSON.stringify(done.body.data!['output'])).not.toContain('jane.doe');
  });

  /** Submits a clean job as `caller`, waits for it, then replaces its output with `output`. */
  async function finishedJob(output: unknown, caller = callers.mlUser): Promise<string> {
    const submitted = await call(
      processor,
      sagemaker('local-async-summarizer', 'a clean text', caller),
    );
    expect(submitted.status).toBe(202);
    const jobId = submitted.body.data!['jobId'] as string;
    const status = () =>
      call(
        processor,
        apiEvent('GET', '/ml/sagemaker/jobs/{jobId}', { pathParameters: { jobId }, caller }),
      );
    await vi.waitFor(async () => expect((await status()).body.data?.['status']).toBe('Completed'), {
      timeout: 3000,
      interval: 20,
    });
    // What an endpoint might write: the model's output is not what the screened input was.
    const record = await clients.s3.send(
      new GetObjectCommand({
        Bucket: 'local-ml-async',
        Key: `async-inputs/${caller.sub}/${jobId}.job.json`,
      }),
    );
    const { outputLocation } = JSON.parse(await record.Body!.transformToString()) as {
      outputLocation: string;
    };
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(outputLocation)!;
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify(output),
        ContentType: 'application/json',
      }),
    );
    return jobId;
  }
  const jobStatusOf = (jobId: string, caller = callers.mlUser) =>
    call(
      processor,
      apiEvent('GET', '/ml/sagemaker/jobs/{jobId}', { pathParameters: { jobId }, caller }),
    );

  it('async: the job output is masked as the policy says before it is answered', async () => {
    const jobId = await finishedJob({ summary: `write to ${EMAIL}` });
    const answer = await jobStatusOf(jobId);
    expect(answer.status).toBe(200);
    expect(answer.body.data!['output']).toEqual({ summary: 'write to [EMAIL]' });
  });

  it('async: a job output the detectors block is an output intervention, never echoed', async () => {
    const jobId = await finishedJob({ summary: `card ${CARD}` });
    const answer = await jobStatusOf(jobId);
    expect(answer.status).toBe(422);
    const error = answer.body.error as { code: string; message: string; details?: unknown };
    expect(error.code).toBe('GUARDRAIL_INTERVENED');
    expect(error.details).toEqual({
      policy: 'strict-pii',
      source: 'detector',
      stage: 'output',
      detector: 'card',
    });
    expect(error.message).toContain("model's answer contains a payment card number");
    expect(JSON.stringify(answer.body)).not.toContain('4111');
    expect(audited.find((event) => event.requestId === answer.body.requestId)).toMatchObject({
      kind: 'guardrail',
      action: 'GET /ml/sagemaker/jobs/{jobId}',
      model: 'local-async-summarizer',
      policy: 'strict-pii',
      intervention: 'detector:card',
      status: 422,
    });
  });

  it('async: ApplyGuardrail (source OUTPUT) stops a job output the Bedrock guardrail blocks', async () => {
    const jobId = await finishedJob({ summary: 'the plan is classified' }, callers.admin);
    const before = requests('ApplyGuardrail');
    const answer = await jobStatusOf(jobId, callers.admin);
    expect(requests('ApplyGuardrail')).toBe(before + 1);
    expect(answer.status).toBe(422);
    expect((answer.body.error as { details?: unknown }).details).toEqual({
      policy: 'local-guardrail',
      source: 'bedrockGuardrail',
      stage: 'output',
    });
    expect(JSON.stringify(answer.body)).not.toContain('classified');
  });

  it('async: a blocked input is neither stored nor submitted', async () => {
    const before = { put: requests('PutObject'), invoke: requests('InvokeEndpointAsync') };
    const { status } = await call(processor, sagemaker('local-async-summarizer', `pay ${CARD}`));
    expect(status).toBe(422);
    expect(requests('PutObject')).toBe(before.put);
    expect(requests('InvokeEndpointAsync')).toBe(before.invoke);
  });
});

describe('Embeddings (POST /openai/v1/embeddings)', () => {
  const embeddings = (input: string[], caller = callers.mlUser) =>
    apiEvent('POST', '/openai/v1/embeddings', {
      body: { model: 'local.embed', input, encoding_format: 'float' },
      caller,
    });
  interface OpenAiAnswer {
    data?: { embedding: number[] }[];
    error?: { code: string; message: string };
  }

  it('embeds the masked text, so the vector never carries the address', async () => {
    const { status, body } = await call(processor, embeddings(['ok', `mail ${EMAIL}`]));
    expect(status).toBe(200);
    const answer = body as unknown as OpenAiAnswer;
    expect(answer.data![1]!.embedding).toEqual(localEmbedding('mail [EMAIL]', 256).embedding);
  });

  it('blocks a card in any text without invoking the model', async () => {
    const before = requests('InvokeModel');
    const { status, body } = await call(processor, embeddings(['fine', `pay ${CARD}`]));
    expect(status).toBe(422);
    const answer = body as unknown as OpenAiAnswer;
    expect(answer.error?.code).toBe('guardrail_intervened');
    expect(answer.error?.message).toContain('"strict-pii"');
    expect(JSON.stringify(body)).not.toContain('4111');
    expect(requests('InvokeModel')).toBe(before);
  });

  it('applies the Bedrock guardrail to the texts through ApplyGuardrail first', async () => {
    const before = requests('InvokeModel');
    const { status, body } = await call(
      processor,
      embeddings(['a forbidden topic'], callers.admin),
    );
    expect(status).toBe(422);
    expect((body as unknown as OpenAiAnswer).error?.message).toContain('"local-guardrail"');
    expect(requests('InvokeModel')).toBe(before);
  });
});

describe('the seam fails closed', () => {
  it('refuses a model call no request bound a policy to', async () => {
    const upstream = new UpstreamCall(1000);
    try {
      await expect(
        converse(clients.bedrock, { modelId: 'local.echo-v1', messages: [] }, upstream),
      ).rejects.toThrow('A model call without a guardrail policy was refused');
    } finally {
      upstream.finish();
    }
  });

  it('the async stream mode reaches the local guardrail too', () => {
    expect(policies.get('local-async')?.bedrockGuardrail?.streamProcessingMode).toBe('async');
  });
});
