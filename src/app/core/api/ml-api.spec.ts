import { TestBed } from '@angular/core/testing';

import { sessionFor } from '../../../testing/fixtures';
import { API_URL, ndjsonResponse, setUpTestApp } from '../../../testing/test-app';
import { ApiCallError } from '../http/api-call-error';
import type { StreamEvent } from './api-types';
import { MlApi } from './ml-api';

const REQUEST = { modelId: 'local.echo', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('MlApi.streamBedrock', () => {
  it('posts with the token and yields events as lines arrive', async () => {
    const stream = ndjsonResponse();
    const requests: { url: string; init?: RequestInit }[] = [];
    await setUpTestApp({
      groups: ['MLUsers'],
      fetch: async (url, init) => {
        requests.push({ url, init });
        return stream.response;
      },
    });
    const events = TestBed.inject(MlApi).streamBedrock(REQUEST, new AbortController().signal);
    stream.push({ type: 'delta', text: 'Hel' });
    expect(await events.next()).toEqual({ done: false, value: { type: 'delta', text: 'Hel' } });
    stream.push({ type: 'delta', text: 'lo' });
    stream.push({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 3, outputTokens: 2 },
      latencyMs: 40,
    });
    stream.end();
    const rest: StreamEvent[] = [];
    for await (const event of events) rest.push(event);
    expect(rest.map((event) => event.type)).toEqual(['delta', 'done']);
    expect(requests[0].url).toBe(`${API_URL}/ml/bedrock/stream`);
    expect(new Headers(requests[0].init?.headers).get('Authorization')).toBe(
      'Bearer access-token-1',
    );
    expect(JSON.parse(String(requests[0].init?.body))).toEqual(REQUEST);
  });

  it('refreshes the token once on 401', async () => {
    const tokens: (string | null)[] = [];
    const stream = ndjsonResponse();
    const amplify = await setUpTestApp({
      groups: ['MLUsers'],
      fetch: async (_url, init) => {
        tokens.push(new Headers(init?.headers).get('Authorization'));
        return tokens.length === 1
          ? Response.json({ message: 'Unauthorized' }, { status: 401 })
          : stream.response;
      },
    });
    amplify.refreshedSession = sessionFor(['MLUsers'], 'access-token-2');
    stream.end();
    const events = TestBed.inject(MlApi).streamBedrock(REQUEST, new AbortController().signal);
    expect((await events.next()).done).toBe(true);
    expect(tokens).toEqual(['Bearer access-token-1', 'Bearer access-token-2']);
  });

  it('throws the envelope error of a refused request', async () => {
    await setUpTestApp({
      groups: ['ReadOnly'],
      fetch: async () =>
        Response.json(
          {
            success: false,
            error: { code: 'FORBIDDEN', message: 'ReadOnly may not call this route' },
            requestId: 'r',
          },
          { status: 403 },
        ),
    });
    const events = TestBed.inject(MlApi).streamBedrock(REQUEST, new AbortController().signal);
    const error = (await events.next().catch((e: unknown) => e)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.code).toBe('FORBIDDEN');
  });

  it('stops reading when aborted', async () => {
    const stream = ndjsonResponse();
    await setUpTestApp({
      groups: ['MLUsers'],
      fetch: async (_url, init) => {
        init?.signal?.addEventListener('abort', () =>
          stream.fail(new DOMException('The operation was aborted.', 'AbortError')),
        );
        return stream.response;
      },
    });
    const controller = new AbortController();
    const events = TestBed.inject(MlApi).streamBedrock(REQUEST, controller.signal);
    stream.push({ type: 'delta', text: 'a' });
    await events.next();
    const pending = events.next();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports an unreachable gateway', async () => {
    await setUpTestApp({
      groups: ['MLUsers'],
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = (await TestBed.inject(MlApi)
      .streamBedrock(REQUEST, new AbortController().signal)
      .next()
      .catch((e: unknown) => e)) as ApiCallError;
    expect(error.code).toBe('NETWORK_ERROR');
  });
});
