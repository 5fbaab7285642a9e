import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { pageInjector } from '../../../testing/page-injector';
import { API_URL, ndjsonResponse, setUpTestApp } from '../../../testing/test-app';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { ConversationHistory } from '../history/conversation-history';
import { ChatSession, requestSettings, restoredSettings, savedSettings } from './chat-session';

const ECHO = { id: 'local.echo', label: 'Echo' };
const HISTORY = `${API_URL}/history/conversations`;

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

/** A chat page's services over a fetch that answers the stream with `answer`. */
async function chatPage(answer: (init?: RequestInit) => Promise<Response>) {
  const bodies: unknown[] = [];
  await setUpTestApp({
    groups: ['MLUsers'],
    fetch: async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return answer(init);
    },
  });
  const injector = pageInjector([ChatSession, ConversationHistory, ThrottleWait]);
  const session = injector.get(ChatSession);
  const http = TestBed.inject(HttpTestingController);
  // The history list loads as the page opens (a resource, started by change detection).
  TestBed.tick();
  await settle();
  http.expectOne(HISTORY).flush({ success: true, data: { conversations: [] }, requestId: 'r' });
  return { injector, session, http, bodies };
}

describe('ChatSession', () => {
  it('streams an answer into its exchange, then saves the conversation and lists it again', async () => {
    const stream = ndjsonResponse();
    const { session, http } = await chatPage(async () => stream.response);
    const sent = session.send(ECHO, 'Hello');
    await settle();
    expect(session.streaming()).toBe(true);
    stream.push({ type: 'delta', text: 'Hi ' });
    stream.push({ type: 'delta', text: 'there' });
    stream.push({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 2 },
      latencyMs: 5,
    });
    stream.end();
    await settle();
    const exchange = session.exchanges()[0]!;
    expect(exchange.answer()).toBe('Hi there');
    expect(exchange.status()).toBe('done');
    expect(exchange.usage()).toEqual({ inputTokens: 1, outputTokens: 2 });
    expect(session.streaming()).toBe(false);
    const save = http.expectOne(`${HISTORY}/${session.conversationId()}`);
    expect(save.request.method).toBe('PUT');
    expect(save.request.body).toEqual({
      modelId: 'local.echo',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi there', modelId: 'local.echo' },
      ],
    });
    save.flush({ success: true, data: {}, requestId: 'r' });
    await sent;
    TestBed.tick();
    await settle();
    http.expectOne(HISTORY);
  });

  it('sends the earlier turns with the next prompt', async () => {
    const streams = [ndjsonResponse(), ndjsonResponse()];
    let call = 0;
    const { session, http, bodies } = await chatPage(async () => streams[call++]!.response);
    streams[0]!.push({ type: 'delta', text: 'One' });
    streams[0]!.push({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1 },
      latencyMs: 1,
    });
    streams[0]!.end();
    const first = session.send(ECHO, 'First');
    await settle();
    http
      .expectOne(`${HISTORY}/${session.conversationId()}`)
      .flush({ success: true, data: {}, requestId: 'r' });
    await first;
    streams[1]!.end();
    void session.send(ECHO, 'Second');
    await settle();
    expect(bodies[1]).toEqual({
      modelId: 'local.echo',
      messages: [
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'One' },
        { role: 'user', content: 'Second' },
      ],
    });
  });

  it('sends files with the new prompt only, keeps their cost, and saves what was attached without the bytes', async () => {
    const streams = [ndjsonResponse(), ndjsonResponse()];
    let call = 0;
    const { session, http, bodies } = await chatPage(async () => streams[call++]!.response);
    const image = {
      kind: 'image' as const,
      format: 'png' as const,
      name: 'a.png',
      bytes: 3,
      data: 'AAAA',
    };
    streams[0]!.push({ type: 'delta', text: 'A picture' });
    streams[0]!.push({ type: 'done', stopReason: 'end_turn', latencyMs: 1, costNanoUsd: 21_000 });
    streams[0]!.end();
    const first = session.send(ECHO, 'What is this?', [image]);
    await settle();
    expect(bodies[0]).toEqual({
      modelId: 'local.echo',
      messages: [
        {
          role: 'user',
          content: 'What is this?',
          attachments: [{ kind: 'image', format: 'png', name: 'a.png', data: 'AAAA' }],
        },
      ],
    });
    const save = http.expectOne(`${HISTORY}/${session.conversationId()}`);
    expect(save.request.body.messages).toEqual([
      {
        role: 'user',
        content: 'What is this?',
        attachments: [{ kind: 'image', format: 'png', name: 'a.png', bytes: 3 }],
      },
      { role: 'assistant', content: 'A picture', modelId: 'local.echo', costNanoUsd: 21_000 },
    ]);
    save.flush({ success: true, data: {}, requestId: 'r' });
    await first;
    expect(session.exchanges()[0]!.costNanoUsd()).toBe(21_000);
    streams[1]!.end();
    void session.send(ECHO, 'And now?');
    await settle();
    // The earlier turn goes as text: its file is not sent again.
    expect(bodies[1]).toEqual({
      modelId: 'local.echo',
      messages: [
        { role: 'user', content: 'What is this?' },
        { role: 'assistant', content: 'A picture' },
        { role: 'user', content: 'And now?' },
      ],
    });
  });

  it('marks a stream cut off before done as failed, and saves nothing', async () => {
    const stream = ndjsonResponse();
    const { session, http } = await chatPage(async () => stream.response);
    stream.push({ type: 'delta', text: 'Par' });
    stream.end();
    await session.send(ECHO, 'Hello');
    const exchange = session.exchanges()[0]!;
    expect(exchange.status()).toBe('failed');
    expect(exchange.error()).toMatchObject({ code: 'NETWORK_ERROR' });
    http.expectNone(`${HISTORY}/${session.conversationId()}`);
  });

  it('aborts the stream when the page is destroyed', async () => {
    const stream = ndjsonResponse();
    let signal: AbortSignal | undefined;
    const { injector, session } = await chatPage(async (init) => {
      signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () =>
        stream.fail(new DOMException('aborted', 'AbortError')),
      );
      return stream.response;
    });
    void session.send(ECHO, 'Hello');
    await settle();
    expect(signal?.aborted).toBe(false);
    injector.destroy();
    await settle();
    expect(signal?.aborted).toBe(true);
    expect(session.exchanges()[0]!.status()).toBe('stopped');
  });

  it('holds sending for a rate limit but not for a spent budget', async () => {
    const refusals = [
      Response.json(
        { success: false, error: { code: 'BUDGET_EXCEEDED', message: 'Budget' }, requestId: 'r' },
        { status: 429, headers: { 'Retry-After': '3600' } },
      ),
      Response.json(
        { success: false, error: { code: 'THROTTLED', message: 'Slow' }, requestId: 'r' },
        { status: 429, headers: { 'Retry-After': '30' } },
      ),
    ];
    let call = 0;
    const { injector, session } = await chatPage(async () => refusals[call++]!);
    const throttle = injector.get(ThrottleWait);
    await session.send(ECHO, 'Hello');
    expect(session.exchanges()[0]!.error()).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(throttle.waiting()).toBe(false);
    await session.send(ECHO, 'Hello again');
    expect(throttle.waiting()).toBe(true);
    injector.destroy();
  });
});

describe('requestSettings', () => {
  const model = { id: 'm', label: 'M', maxOutputTokens: 500 };

  it('sends nothing for the defaults, so the model keeps its own', () => {
    expect(requestSettings({ system: '  ' }, model)).toEqual({});
  });

  it('sends the trimmed system prompt and the parameters set, the length capped at the model', () => {
    expect(
      requestSettings({ system: ' Be brief ', temperature: 0, maxTokens: 9000 }, model),
    ).toEqual({ system: 'Be brief', parameters: { temperature: 0, maxTokens: 500 } });
    expect(requestSettings({ system: '', maxTokens: 20 }, { id: 'm', label: 'M' })).toEqual({
      parameters: { maxTokens: 20 },
    });
  });
});

describe('savedSettings and restoredSettings', () => {
  it('saves only what is set, nothing for the defaults, and restores it', () => {
    expect(savedSettings({ system: ' ' })).toBeUndefined();
    const saved = savedSettings({ system: ' Be brief ', temperature: 0 });
    expect(saved).toEqual({ system: 'Be brief', temperature: 0 });
    expect(restoredSettings(saved)).toEqual({ system: 'Be brief', temperature: 0 });
    expect(restoredSettings(undefined)).toEqual({ system: '' });
    expect(restoredSettings({ maxTokens: 3 })).toEqual({ system: '', maxTokens: 3 });
  });
});
