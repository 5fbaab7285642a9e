/**
 * What each fault kind is charged (issue 13, "No free failures"), end to end: the processor
 * against the local Bedrock and SageMaker wire servers, the settlement read from the ledger.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

import {
  apiEvent,
  call,
  callers,
  callStream,
  captureOutput,
  DisconnectingStream,
  RecordingLedger,
  useHarness,
} from '../../../tests/support/processor-harness.ts';

/** The harness's upstream deadline (UPSTREAM_TIMEOUT_MS). */
const TIMEOUT_MS = 500;
const MAX_TOKENS = 50;
const ledger = new RecordingLedger();
const harness = useHarness({ UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) }, ledger);

const prompt = (fault?: string) => `a b c d e f g${fault ? ` [[fault:${fault}]]` : ''}`;
const converse = (resource: string, fault?: string, system?: string) =>
  apiEvent('POST', resource, {
    body: {
      modelId: 'local.echo',
      prompt: prompt(fault),
      ...(system ? { system } : {}),
      parameters: { maxTokens: MAX_TOKENS },
    },
  });
const endpoint = (resource: string, modelName: string, fault?: string) =>
  apiEvent('POST', resource, { body: { modelName, inputData: prompt(fault) } });

/** The settlement of a request, once the processor has made it. */
const settlementOf = (event: APIGatewayProxyEvent) =>
  vi.waitFor(() => {
    const outcome = ledger.settled.get(event.requestContext.requestId);
    expect(outcome).toBeDefined();
    return { ...outcome!, hold: ledger.holds.get(event.requestContext.requestId)! };
  });

/** The Bedrock hold: one token per prompt character plus maxTokens. */
const bedrockHold = (fault?: string) => ({
  inputTokens: prompt(fault).length,
  outputTokens: MAX_TOKENS,
});
const nothing = { inputTokens: 0, outputTokens: 0 };

describe('Bedrock, buffered (POST /ml/bedrock)', () => {
  it.each([
    ['success: what the model reported', undefined, 200, 'ok', { inputTokens: 7, outputTokens: 7 }],
    ['throttled by the model service: refunded', 'throttle', 429, 'refunded', nothing],
    ['timed out (504): the whole hold', 'timeout', 504, 'error', bedrockHold('timeout')],
    [
      '500 after the call began: the whole hold',
      'server-error',
      502,
      'error',
      bedrockHold('server-error'),
    ],
    [
      '503 from the service: the whole hold',
      'unavailable',
      502,
      'error',
      bedrockHold('unavailable'),
    ],
    ['model error (424): the whole hold', 'model-error', 424, 'error', bedrockHold('model-error')],
  ])('%s', async (_name, fault, status, settled, charged) => {
    const event = converse('/ml/bedrock', fault);
    expect((await call(harness.processor, event)).status).toBe(status);
    const outcome = await settlementOf(event);
    expect(outcome.hold).toEqual(bedrockHold(fault));
    expect(outcome).toMatchObject({ status: settled, charged });
  });

  it('refused before the call (an unknown model) holds and charges nothing', async () => {
    const event = apiEvent('POST', '/ml/bedrock', { body: { modelId: 'nope', prompt: 'x' } });
    expect((await call(harness.processor, event)).status).toBe(404);
    expect(ledger.settled.has(event.requestContext.requestId)).toBe(false);
  });
});

describe('Bedrock, streaming (POST /ml/bedrock/stream)', () => {
  it('success: what the model reported in its metadata', async () => {
    const event = converse('/ml/bedrock/stream');
    expect((await callStream(harness.processor, event)).status).toBe(200);
    expect(await settlementOf(event)).toMatchObject({
      status: 'ok',
      charged: { inputTokens: 7, outputTokens: 7 },
    });
  });

  it.each([
    ['a mid-stream error', 'mid-stream'],
    ['a 500 after the stream began', 'server-error'],
  ])('%s: the input plus the output streamed so far', async (_name, fault) => {
    const event = converse('/ml/bedrock/stream', fault);
    const { status, lines } = await callStream(harness.processor, event);
    expect(status).toBe(200);
    expect(lines.at(-1)).toMatchObject({ type: 'error' });
    const streamed = lines
      .filter((line) => line['type'] === 'delta')
      .map((line) => line['text'] as string)
      .join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(await settlementOf(event)).toMatchObject({
      status: 'error',
      charged: { inputTokens: prompt(fault).length, outputTokens: streamed.length },
    });
  });

  it('timed out before the first event (504): the input, no output', async () => {
    const event = converse('/ml/bedrock/stream', 'timeout');
    expect((await callStream(harness.processor, event)).status).toBe(504);
    expect(await settlementOf(event)).toMatchObject({
      status: 'error',
      charged: { inputTokens: prompt('timeout').length, outputTokens: 0 },
    });
  });

  it('throttled before the first event: refunded', async () => {
    const event = converse('/ml/bedrock/stream', 'throttle');
    expect((await callStream(harness.processor, event)).status).toBe(429);
    expect(await settlementOf(event)).toMatchObject({ status: 'refunded', charged: nothing });
  });

  it('a client abort before the usage arrived: the whole hold', async () => {
    const event = converse('/ml/bedrock/stream', 'slow');
    await harness.processor.stream(event, new DisconnectingStream());
    expect(await settlementOf(event)).toMatchObject({
      status: 'abandoned',
      charged: bedrockHold('slow'),
    });
  });
});

describe('SageMaker is metered: one request and its model latency', () => {
  const worstCase = { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: TIMEOUT_MS };

  it.each([
    ['sync success', '/ml/sagemaker', 'local-sentiment', undefined, 'ok'],
    ['sync timeout', '/ml/sagemaker', 'local-sentiment', 'timeout', 'error'],
    ['sync 500 after the call began', '/ml/sagemaker', 'local-sentiment', 'server-error', 'error'],
    ['stream success', '/ml/sagemaker/stream', 'local-text-stream', undefined, 'ok'],
    ['stream error mid-stream', '/ml/sagemaker/stream', 'local-text-stream', 'mid-stream', 'error'],
  ])('%s', async (_name, resource, modelName, fault, settled) => {
    const event = endpoint(resource, modelName, fault);
    await (resource.endsWith('stream')
      ? callStream(harness.processor, event)
      : call(harness.processor, event));
    const outcome = await settlementOf(event);
    expect(outcome.hold).toEqual(worstCase);
    expect(outcome).toMatchObject({
      status: settled,
      charged: { inputTokens: 0, outputTokens: 0, requests: 1 },
    });
    expect(outcome.charged.modelLatencyMs).toBeGreaterThan(0);
    if (fault === 'timeout')
      expect(outcome.charged.modelLatencyMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
    else expect(outcome.charged.modelLatencyMs).toBeLessThan(TIMEOUT_MS);
  });

  it('throttled: refunded', async () => {
    const event = endpoint('/ml/sagemaker', 'local-sentiment', 'throttle');
    expect((await call(harness.processor, event)).status).toBe(429);
    expect(await settlementOf(event)).toMatchObject({ status: 'refunded', charged: nothing });
  });

  it('an async submission: one request, its latency counted when the job runs (none here)', async () => {
    const event = endpoint('/ml/sagemaker', 'local-async-summarizer');
    expect((await call(harness.processor, event)).status).toBe(202);
    expect(await settlementOf(event)).toMatchObject({
      status: 'ok',
      charged: { requests: 1, modelLatencyMs: 0 },
    });
  });
});

describe('prompt caching (Converse cachePoint)', () => {
  // Over PROMPT_CACHE_MIN_SYSTEM_CHARS (4096 by default): worth a checkpoint.
  const longSystem = `${'You answer questions about the handbook. '.repeat(110)}${Date.now()}`;
  const systemWords = longSystem.split(/\s+/).filter(Boolean).length;

  it('writes a long system prompt to the cache, then reads it; both charged and answered', async () => {
    const first = converse('/ml/bedrock', undefined, longSystem);
    const output = captureOutput();
    const written = await call(harness.processor, first).finally(() => output.restore());
    const records = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({ message: 'ml invocation', cacheWriteTokens: systemWords }),
    );
    expect(records).toContainEqual(expect.objectContaining({ CacheWriteTokens: systemWords }));
    expect(written.body.data?.['usage']).toEqual({
      inputTokens: 7,
      outputTokens: 7,
      cacheReadTokens: 0,
      cacheWriteTokens: systemWords,
    });
    const firstOutcome = await settlementOf(first);
    // The system prompt is held as a cache write, the dearest way it may be billed.
    expect(firstOutcome.hold).toEqual({
      inputTokens: prompt().length,
      cacheWriteTokens: longSystem.length,
      outputTokens: MAX_TOKENS,
    });
    expect(firstOutcome.charged).toEqual(written.body.data?.['usage']);

    const second = converse('/ml/bedrock/stream', undefined, longSystem);
    const { lines } = await callStream(harness.processor, second);
    const usage = {
      inputTokens: 7,
      outputTokens: 7,
      cacheReadTokens: systemWords,
      cacheWriteTokens: 0,
    };
    expect(lines.at(-1)).toMatchObject({ type: 'done', usage });
    expect((await settlementOf(second)).charged).toEqual(usage);
  });

  it('leaves a short system prompt, and models without promptCaching, uncached', async () => {
    const short = await call(harness.processor, converse('/ml/bedrock', undefined, 'Be brief.'));
    expect(short.body.data?.['usage']).toEqual({ inputTokens: 9, outputTokens: 7 });
    const admin = await call(
      harness.processor,
      apiEvent('POST', '/ml/bedrock', {
        caller: callers.admin,
        body: { modelId: 'local.summarizer', prompt: 'one two', system: longSystem },
      }),
    );
    expect(admin.body.data?.['usage']).not.toHaveProperty('cacheWriteTokens');
  });
});
