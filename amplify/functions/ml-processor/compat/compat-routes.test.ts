/**
 * The compatible routes in process, against the local Bedrock wire server: the same budget hold
 * and settlement as `/ml/bedrock`, each API's error shape before and after the first byte, and
 * the content type of one path's buffered and streamed answers.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

import { CollectingStream, splitPrelude } from '../../../../local/lambda/runtime.ts';
import {
  apiEvent,
  call,
  callers,
  DisconnectingStream,
  RecordingLedger,
  useHarness,
} from '../../../../tests/support/processor-harness.ts';

const ledger = new RecordingLedger();
const harness = useHarness({}, ledger);

const OPENAI = '/openai/v1/chat/completions';
const ANTHROPIC = '/anthropic/v1/messages';
const prompt = (fault?: string) => `a b c d e f g${fault ? ` [[fault:${fault}]]` : ''}`;
const request = (resource: string, stream: boolean, fault?: string) =>
  apiEvent('POST', resource, {
    body: {
      model: 'local.echo',
      max_tokens: 50,
      messages: [{ role: 'user', content: prompt(fault) }],
      stream,
    },
  });

/** A streamed answer: status, headers and the body text. */
async function streamed(event: APIGatewayProxyEvent) {
  const sink = new CollectingStream();
  await harness.processor.stream(event, sink);
  const { prelude, body } = splitPrelude(sink.received);
  return {
    status: prelude.statusCode ?? 200,
    headers: prelude.headers ?? {},
    text: body.toString('utf8'),
  };
}

const settlementOf = (event: APIGatewayProxyEvent) =>
  vi.waitFor(() => {
    const outcome = ledger.settled.get(event.requestContext.requestId);
    expect(outcome).toBeDefined();
    return { ...outcome!, hold: ledger.holds.get(event.requestContext.requestId)! };
  });

const hold = (fault?: string) => ({ inputTokens: prompt(fault).length, outputTokens: 50 });

describe.each([
  ['OpenAI', OPENAI],
  ['Anthropic', ANTHROPIC],
])('%s chat path', (_api, resource) => {
  it('answers one JSON answer when not streaming, charged what the model reported', async () => {
    const event = request(resource, false);
    const answer = await streamed(event);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.text).toContain('a b c d e f g');
    expect(await settlementOf(event)).toMatchObject({
      status: 'ok',
      charged: { inputTokens: 7, outputTokens: 7 },
      hold: hold(),
    });
  });

  it('streams server-sent events, charged what the model reported', async () => {
    const event = request(resource, true);
    const answer = await streamed(event);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream');
    expect(answer.text.endsWith('\n\n')).toBe(true);
    expect(await settlementOf(event)).toMatchObject({
      status: 'ok',
      charged: { inputTokens: 7, outputTokens: 7 },
    });
  });

  it('answers a throttle before the first byte as 429 with Retry-After, refunded', async () => {
    const event = request(resource, true, 'throttle');
    const answer = await streamed(event);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('2');
    expect(JSON.parse(answer.text)).toMatchObject(
      resource === OPENAI
        ? { error: { type: 'rate_limit_error', code: 'throttled', param: null } }
        : { type: 'error', error: { type: 'rate_limit_error' } },
    );
    expect(await settlementOf(event)).toMatchObject({ status: 'refunded' });
  });

  it('ends a stream that fails midway with an error event, charged input and output so far', async () => {
    const event = request(resource, true, 'mid-stream');
    const answer = await streamed(event);
    expect(answer.status).toBe(200);
    const last = answer.text.trim().split('\n\n').at(-1)!;
    expect(last).toMatch(resource === OPENAI ? /^data: \{"error":/ : /^event: error\n/);
    const settled = await settlementOf(event);
    expect(settled.status).toBe('error');
    expect(settled.charged.inputTokens).toBe(hold('mid-stream').inputTokens);
    expect(settled.charged.outputTokens).toBeGreaterThan(0);
  });

  it('charges the whole hold when the client goes away mid-stream', async () => {
    const event = request(resource, true, 'slow');
    await harness.processor.stream(event, new DisconnectingStream());
    expect(await settlementOf(event)).toMatchObject({
      status: 'abandoned',
      charged: hold('slow'),
    });
  });
});

describe('compatible answers outside the chat paths', () => {
  it('answers 401 in each API’s shape when the caller is missing', async () => {
    const openAi = await call(
      harness.processor,
      apiEvent('GET', '/openai/v1/models', { caller: null }),
    );
    expect(openAi.status).toBe(401);
    expect(openAi.body).toMatchObject({ error: { type: 'authentication_error' } });
    const anthropic = await streamed(
      apiEvent('POST', ANTHROPIC, { caller: null, body: { model: 'local.echo' } }),
    );
    expect(anthropic.status).toBe(401);
    expect(JSON.parse(anthropic.text)).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('lists the caller’s models in each API’s list shape (embedding models only in OpenAI’s)', async () => {
    const openAi = await call(harness.processor, apiEvent('GET', '/openai/v1/models'));
    expect(openAi.body).toEqual({
      object: 'list',
      data: ['local.echo', 'local.markdown', 'local.attachments', 'local.embed'].map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'ml-gateway',
      })),
    });
    const anthropic = await call(
      harness.processor,
      apiEvent('GET', '/anthropic/v1/models', { caller: callers.admin }),
    );
    expect(anthropic.body).toMatchObject({
      data: [
        { id: 'local.echo' },
        { id: 'local.summarizer', display_name: 'Local summarizer (administrators)' },
        { id: 'local.markdown' },
        { id: 'local.attachments' },
      ],
      has_more: false,
      first_id: 'local.echo',
      last_id: 'local.attachments',
    });
  });

  it('keeps the API envelope on the native routes', async () => {
    const answer = await call(harness.processor, apiEvent('GET', '/ml/models', { caller: null }));
    expect(answer.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
  });
});

describe.each([
  ['OpenAI', OPENAI],
  ['Anthropic', ANTHROPIC],
])('%s image parts', (_api, resource) => {
  it('holds image parts to the catalog’s image rule, as the native route holds attachments', async () => {
    const png = Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      Buffer.alloc(150_001 - 8),
    ]).toString('base64');
    const image =
      resource === OPENAI
        ? { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }
        : { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } };
    const ask = (model: string) =>
      apiEvent('POST', resource, {
        body: {
          model,
          max_tokens: 50,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'what' }, image] }],
        },
      });
    // A text-only model: refused before the model is called.
    const textOnly = await streamed(ask('local.markdown'));
    expect(textOnly.status).toBe(400);
    expect(textOnly.text).toContain('accepts text only');
    // Over the echo's 150,000 bytes: 413.
    const tooLarge = await streamed(ask('local.echo'));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('accepts images of at most 150000');
  });
});
