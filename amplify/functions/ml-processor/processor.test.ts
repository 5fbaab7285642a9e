import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LOCAL_CATALOG } from '../../../local/models/local-catalog.ts';
import {
  apiEvent,
  call,
  callers,
  callStream,
  captureOutput,
  DisconnectingStream,
  HARNESS_DEPLOYMENT,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import { findEntry } from '../../catalog.ts';

const harness = useHarness();

const bedrock = (body: unknown, caller = callers.mlUser) =>
  apiEvent('POST', '/ml/bedrock', { body, caller });
const sagemaker = (body: unknown, caller = callers.mlUser) =>
  apiEvent('POST', '/ml/sagemaker', { body, caller });
const jobStatus = (jobId: string, caller = callers.mlUser) =>
  apiEvent('GET', '/ml/sagemaker/jobs/{jobId}', { pathParameters: { jobId }, caller });

/** Polls a job until it leaves InProgress. */
async function finishedJob(jobId: string, caller = callers.mlUser) {
  return vi.waitFor(
    async () => {
      const answer = await call(harness.processor, jobStatus(jobId, caller));
      expect(answer.body.data?.['status']).not.toBe('InProgress');
      return answer;
    },
    { timeout: 3000, interval: 20 },
  );
}

describe('GET /ml/models', () => {
  it('lists only the local models the caller’s groups and claims allow', async () => {
    const ids = async (caller: (typeof callers)[keyof typeof callers]) =>
      (
        (await call(harness.processor, apiEvent('GET', '/ml/models', { caller }))).body.data![
          'models'
        ] as { id: string }[]
      ).map((model) => model.id);
    expect(await ids(callers.mlUser)).toEqual([
      'local.echo',
      'local.markdown',
      'local.attachments',
      'local.embed',
      'local-sentiment',
      'local-text-stream',
      'local-async-summarizer',
    ]);
    expect(await ids(callers.finance)).toContain('local-csv-scorer');
    expect(await ids(callers.admin)).toContain('local.summarizer');
    expect(await ids(callers.readOnly)).toEqual([]);
  });

  it('describes each model with its provider, mode and limits', async () => {
    const { status, body } = await call(harness.processor, apiEvent('GET', '/ml/models'));
    expect(status).toBe(200);
    expect(body.data!['models']).toContainEqual({
      id: 'local-text-stream',
      label: 'Local text generator (streaming)',
      provider: 'sagemaker',
      mode: 'streaming',
      contentType: 'application/json',
      limits: { maxInputBytes: 16_384 },
    });
  });

  it('tells which images and documents a model accepts (its catalog attachments)', async () => {
    const { body } = await call(harness.processor, apiEvent('GET', '/ml/models'));
    const models = body.data!['models'] as { id: string; attachments?: unknown }[];
    expect(models.find((model) => model.id === 'local.attachments')?.attachments).toEqual(
      findEntry('local.attachments', 'bedrock', LOCAL_CATALOG)!.attachments,
    );
    expect(models.find((model) => model.id === 'local.markdown')).not.toHaveProperty('attachments');
  });
});

describe('POST /ml/bedrock (Converse)', () => {
  it('answers in the envelope with output, stop reason, usage and the request id', async () => {
    const event = bedrock({ modelId: 'local.echo', prompt: 'hello from the gateway' });
    const { status, body, headers } = await call(harness.processor, event);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(body).toMatchObject({
      success: true,
      requestId: event.requestContext.requestId,
      data: {
        output: { role: 'assistant', content: 'hello from the gateway' },
        stopReason: 'end_turn',
        usage: { inputTokens: 4, outputTokens: 4 },
      },
    });
    expect(body.data!['latencyMs']).toEqual(expect.any(Number));
  });

  it('sends a conversation, the system prompt and maxTokens to the model', async () => {
    const { body } = await call(
      harness.processor,
      bedrock({
        modelId: 'local.echo',
        system: 'be brief',
        messages: [
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'user', content: 'one two three four five' },
        ],
        parameters: { maxTokens: 3, temperature: 0.2, topP: 0.9 },
      }),
    );
    expect(body.data).toMatchObject({
      output: { content: 'one two three' },
      stopReason: 'max_tokens',
      usage: { inputTokens: 11, outputTokens: 3 },
    });
  });

  it('lets administrators use the administrators-only model', async () => {
    const { status, body } = await call(
      harness.processor,
      bedrock({ modelId: 'local.summarizer', prompt: 'a b c' }, callers.admin),
    );
    expect(status).toBe(200);
    expect(body.data!['output']).toEqual({ role: 'assistant', content: 'a b c (3 words)' });
  });

  it('reads a base64-encoded body (API Gateway binary media types)', async () => {
    const event = bedrock({ modelId: 'local.echo', prompt: 'encoded body' });
    event.body = Buffer.from(event.body!, 'utf8').toString('base64');
    event.isBase64Encoded = true;
    const { status, body } = await call(harness.processor, event);
    expect(status).toBe(200);
    expect(body.data!['output']).toEqual({ role: 'assistant', content: 'encoded body' });
  });

  it('echoes CORS only for an allowed origin', async () => {
    const withOrigin = (origin: string) =>
      apiEvent('POST', '/ml/bedrock', {
        body: { modelId: 'local.echo', prompt: 'hi' },
        headers: { Origin: origin },
      });
    const allowed = await call(harness.processor, withOrigin('http://localhost:4200'));
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:4200');
    // The app reads Retry-After on a 429 only when CORS exposes it.
    expect(allowed.headers['access-control-expose-headers']).toBe('Retry-After');
    const other = await call(harness.processor, withOrigin('https://evil.example'));
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('POST /ml/sagemaker', () => {
  it('invokes a JSON endpoint', async () => {
    const { status, body } = await call(
      harness.processor,
      sagemaker({ modelName: 'local-sentiment', inputData: 'great service, thanks' }),
    );
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      output: { label: 'POSITIVE', score: 0.667 },
      contentType: 'application/json',
    });
  });

  it('invokes a CSV endpoint for a caller whose department claim allows it', async () => {
    const { status, body } = await call(
      harness.processor,
      sagemaker({ modelName: 'local-csv-scorer', inputData: '1,2,3\n10,20\n' }, callers.finance),
    );
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ output: '2.0000\n15.0000', contentType: 'text/csv' });
  });

  it('runs an async job through S3: 202 with a job id, then the result on the status route', async () => {
    const submitted = await call(
      harness.processor,
      sagemaker({
        modelName: 'local-async-summarizer',
        inputData: 'one two three four five six seven eight nine ten',
      }),
    );
    expect(submitted.status).toBe(202);
    expect(submitted.body.data).toMatchObject({ status: 'InProgress' });
    const jobId = submitted.body.data!['jobId'] as string;
    const { status, body } = await finishedJob(jobId);
    expect(status).toBe(200);
    expect(body.data).toEqual({
      jobId,
      model: 'local-async-summarizer',
      status: 'Completed',
      output: { summary: 'one two three four five six seven eight', words: 10 },
    });
    // The input went to the endpoint's input prefix, under the caller's sub.
    expect([...harness.models.store.objects.keys()]).toContain(
      `s3://local-ml-async/async-inputs/${callers.mlUser.sub}/${jobId}.json`,
    );
  });

  it('reports a failed async job, and hides a job from other users', async () => {
    const submitted = await call(
      harness.processor,
      sagemaker({ modelName: 'local-async-summarizer', inputData: 'x [[fault:model-error]]' }),
    );
    const jobId = submitted.body.data!['jobId'] as string;
    const { body } = await finishedJob(jobId);
    expect(body.data).toMatchObject({ status: 'Failed', error: 'the model failed on this input' });
    const stranger = await call(harness.processor, jobStatus(jobId, callers.finance));
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toMatchObject({ code: 'JOB_NOT_FOUND', field: 'jobId' });
  });
});

describe('async job status when S3 answers 403 for a missing key', () => {
  // A role without an unconditioned s3:ListBucket gets AccessDenied, not NoSuchKey, for a key
  // that does not exist yet: the output of a job still running, or a job id of someone else.
  const submit = async (inputData: string) => {
    const submitted = await call(
      harness.processor,
      sagemaker({ modelName: 'local-async-summarizer', inputData }),
    );
    expect(submitted.status).toBe(202);
    return submitted.body.data!['jobId'] as string;
  };
  beforeEach(() => {
    harness.models.store.missingKeyAnswer = 'AccessDenied';
  });
  afterEach(() => {
    harness.models.store.missingKeyAnswer = 'NoSuchKey';
    harness.models.store.unreadablePrefixes.clear();
  });

  it('reports a running job as InProgress, not as a model error', async () => {
    const jobId = await submit('still running [[fault:slow]]');
    const { status, body } = await call(harness.processor, jobStatus(jobId));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ jobId, status: 'InProgress' });
  });

  it('then reports the result once the output exists', async () => {
    const jobId = await submit('one two three');
    const { body } = await finishedJob(jobId);
    expect(body.data).toMatchObject({ status: 'Completed', output: { words: 3 } });
  });

  it("answers 404 for another user's job", async () => {
    const jobId = await submit('private words');
    const stranger = await call(harness.processor, jobStatus(jobId, callers.finance));
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('still fails when S3 refuses an output that exists', async () => {
    const jobId = await submit('four five six');
    await finishedJob(jobId);
    harness.models.store.unreadablePrefixes.add('s3://local-ml-async/async-outputs/');
    const { status, body } = await call(harness.processor, jobStatus(jobId));
    expect(status).toBe(502);
    expect(body.data).toBeUndefined();
  });
});

describe('streaming routes (NDJSON)', () => {
  const words = Array.from({ length: 30 }, (_, index) => `word${index}`);

  it('streams every Bedrock delta in order, then one done line with usage', async () => {
    const { status, headers, lines } = await callStream(
      harness.processor,
      apiEvent('POST', '/ml/bedrock/stream', {
        body: { modelId: 'local.echo', prompt: words.join(' ') },
      }),
    );
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/x-ndjson');
    const deltas = lines.filter((line) => line['type'] === 'delta');
    expect(deltas).toHaveLength(30);
    expect(deltas.map((line) => line['text']).join('')).toBe(words.join(' '));
    expect(lines.at(-1)).toMatchObject({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 30, outputTokens: 30 },
      latencyMs: expect.any(Number),
    });
    expect(lines.filter((line) => line['type'] === 'done')).toHaveLength(1);
  });

  it('streams a SageMaker streaming endpoint in order', async () => {
    const { status, lines } = await callStream(
      harness.processor,
      apiEvent('POST', '/ml/sagemaker/stream', {
        body: { modelName: 'local-text-stream', inputData: words.join(' ') },
      }),
    );
    expect(status).toBe(200);
    expect(
      lines
        .filter((line) => line['type'] === 'delta')
        .map((line) => line['text'])
        .join(''),
    ).toBe(words.join(' '));
    expect(lines.at(-1)).toMatchObject({ type: 'done', latencyMs: expect.any(Number) });
  });

  it.each([
    ['/ml/bedrock/stream', { modelId: 'local.echo' }],
    ['/ml/sagemaker/stream', { modelName: 'local-text-stream' }],
  ])('stops the upstream call of %s when the client goes away', async (resource, model) => {
    const before = { ...harness.models.stats };
    const client = new DisconnectingStream();
    await harness.processor.stream(
      apiEvent('POST', resource, {
        body: {
          ...model,
          [resource.includes('bedrock') ? 'prompt' : 'inputData']:
            `${words.join(' ')} [[fault:slow]]`,
        },
      }),
      client,
    );
    await vi.waitFor(() =>
      expect(harness.models.stats.streamsAborted).toBe(before.streamsAborted + 1),
    );
    expect(harness.models.stats.streamsCompleted).toBe(before.streamsCompleted);
    expect(client.received.match(/"delta"/g)!.length).toBeLessThan(5);
  });
});

describe('upstream faults', () => {
  const prompt = (fault: string) => `tell me something [[fault:${fault}]]`;
  it.each([
    ['Bedrock throttling', 'throttle', 429, 'THROTTLED'],
    ['Bedrock unavailable', 'unavailable', 502, 'MODEL_ERROR'],
    ['Bedrock model error', 'model-error', 424, 'MODEL_ERROR'],
    ['Bedrock timeout', 'timeout', 504, 'UPSTREAM_TIMEOUT'],
  ])('%s ([[fault:%s]]) → %i %s', async (_name, fault, status, code) => {
    const answer = await call(
      harness.processor,
      bedrock({ modelId: 'local.echo', prompt: prompt(fault) }),
    );
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ success: false, error: { code } });
    expect(answer.body.error!.message).not.toContain('fault');
    if (status === 429) expect(answer.headers['retry-after']).toBe('2');
  });

  it.each([
    ['SageMaker throttling', 'local-sentiment', 'throttle', 429, 'THROTTLED'],
    ['SageMaker unavailable', 'local-sentiment', 'unavailable', 502, 'MODEL_ERROR'],
    ['SageMaker model error', 'local-sentiment', 'model-error', 424, 'MODEL_ERROR'],
    ['SageMaker timeout', 'local-sentiment', 'timeout', 504, 'UPSTREAM_TIMEOUT'],
    ['async submit throttling', 'local-async-summarizer', 'throttle', 429, 'THROTTLED'],
  ])('%s (%s, [[fault:%s]]) → %i %s', async (_name, modelName, fault, status, code) => {
    const answer = await call(
      harness.processor,
      sagemaker({ modelName, inputData: prompt(fault) }),
    );
    expect(answer.status).toBe(status);
    expect(answer.body.error!.code).toBe(code);
    if (status === 429) expect(answer.headers['retry-after']).toBe('2');
  });

  it('maps a CSV the model cannot read to 424', async () => {
    const answer = await call(
      harness.processor,
      sagemaker({ modelName: 'local-csv-scorer', inputData: 'a,b\n' }, callers.finance),
    );
    expect(answer.status).toBe(424);
  });

  it.each([
    ['/ml/bedrock/stream', { modelId: 'local.echo' }, 'prompt'],
    ['/ml/sagemaker/stream', { modelName: 'local-text-stream' }, 'inputData'],
  ])('%s: a fault before the first token gets its HTTP status', async (resource, model, key) => {
    const throttled = await callStream(
      harness.processor,
      apiEvent('POST', resource, { body: { ...model, [key]: prompt('throttle') } }),
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('2');
    expect(throttled.json).toMatchObject({ success: false, error: { code: 'THROTTLED' } });
    const timedOut = await callStream(
      harness.processor,
      apiEvent('POST', resource, { body: { ...model, [key]: prompt('timeout') } }),
    );
    expect(timedOut.status).toBe(504);
  });

  it.each([
    ['/ml/bedrock/stream', { modelId: 'local.echo' }, 'prompt'],
    ['/ml/sagemaker/stream', { modelName: 'local-text-stream' }, 'inputData'],
  ])('%s: an error mid-stream ends the stream with an error line', async (resource, model, key) => {
    const { status, lines } = await callStream(
      harness.processor,
      apiEvent('POST', resource, {
        body: { ...model, [key]: `a b c d e f g ${prompt('mid-stream')}` },
      }),
    );
    expect(status).toBe(200);
    expect(lines.filter((line) => line['type'] === 'delta').length).toBeGreaterThan(0);
    expect(lines.at(-1)).toEqual({
      type: 'error',
      error: { code: 'MODEL_ERROR', message: expect.any(String) },
    });
    expect(lines.some((line) => line['type'] === 'done')).toBe(false);
  });
});

describe('logs and metrics', () => {
  it('log request id, user, model, latency and tokens, emit EMF per model and group, and never the prompt', async () => {
    const secret = 'Quarterly-Secret-Merger-Plan-7f3a';
    const output = captureOutput();
    let requestId: string | undefined;
    try {
      const event = bedrock({ modelId: 'local.echo', prompt: `${secret} please` });
      requestId = event.requestContext.requestId;
      await call(harness.processor, event);
      await callStream(
        harness.processor,
        apiEvent('POST', '/ml/bedrock/stream', { body: { modelId: 'local.echo', prompt: secret } }),
      );
      await call(
        harness.processor,
        bedrock({ modelId: 'local.echo', prompt: `${secret} [[fault:throttle]]` }),
      );
      await call(
        harness.processor,
        bedrock({ modelId: 'local.echo', prompt: `${secret} [[fault:unavailable]]` }),
      );
      await callStream(
        harness.processor,
        apiEvent('POST', '/ml/bedrock/stream', {
          body: { modelId: 'local.echo', prompt: `${secret} a b c [[fault:mid-stream]]` },
        }),
      );
      await call(harness.processor, sagemaker({ modelName: 'local-sentiment', inputData: secret }));
      await call(
        harness.processor,
        bedrock({ modelId: 'local.echo', prompt: secret, parameters: { maxTokens: 0 } }),
      );
    } finally {
      output.restore();
    }
    expect(output.lines.length).toBeGreaterThan(7);
    for (const line of output.lines) expect(line).not.toContain(secret);
    const records = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'ml invocation',
        requestId,
        sub: callers.mlUser.sub,
        model: 'local.echo',
        group: 'MLUsers',
        status: 200,
        latencyMs: expect.any(Number),
        inputTokens: 2,
        outputTokens: 2,
      }),
    );
    const emf = records.filter((record) => '_aws' in record);
    expect(emf).toContainEqual(
      expect.objectContaining({
        deployment: HARNESS_DEPLOYMENT,
        model: 'local.echo',
        group: 'MLUsers',
        Invocations: 1,
        Throttles: 1,
        Errors: 0,
      }),
    );
    const metricNames = (
      emf[0]!['_aws'] as {
        CloudWatchMetrics: { Metrics: { Name: string }[]; Dimensions: string[][] }[];
      }
    ).CloudWatchMetrics[0]!;
    // Branches share the namespace: without the deployment, one branch's errors are another's.
    expect(metricNames.Dimensions[0]).toEqual(
      expect.arrayContaining(['deployment', 'model', 'group']),
    );
    expect(metricNames.Metrics.map((metric) => metric.Name)).toEqual(
      expect.arrayContaining([
        'Invocations',
        'Latency',
        'InputTokens',
        'OutputTokens',
        'Errors',
        'Throttles',
      ]),
    );
  });
});
