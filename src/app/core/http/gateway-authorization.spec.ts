import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import { sessionFor } from '../../../testing/fixtures';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ApiCallError } from './api-call-error';
import { GatewayAuthorization } from './gateway-authorization';
import { OnlineStatus } from './online-status';

const URL = `${API_URL}/ml/bedrock/stream`;
const unauthorized = () => Response.json({ message: 'Unauthorized' }, { status: 401 });

/** Sets up the app with a fetch that answers from `answers` in turn and records the tokens sent. */
async function authorizationWith(answers: (() => Promise<Response>)[]) {
  const tokens: (string | null)[] = [];
  const amplify = await setUpTestApp({
    groups: ['MLUsers'],
    fetch: async (_url, init) => {
      tokens.push(new Headers(init?.headers).get('Authorization'));
      return answers[tokens.length - 1]!();
    },
  });
  amplify.refreshedSession = sessionFor(['MLUsers'], 'access-token-2');
  return { authorization: TestBed.inject(GatewayAuthorization), tokens };
}

describe('GatewayAuthorization.fetch', () => {
  it('sends the access token and keeps the caller’s headers', async () => {
    const { authorization, tokens } = await authorizationWith([async () => new Response('ok')]);
    const response = await authorization.fetch(URL, {
      method: 'POST',
      headers: { Accept: 'application/x-ndjson' },
    });
    expect(await response.text()).toBe('ok');
    expect(tokens).toEqual(['Bearer access-token-1']);
  });

  it('on a 401 refreshes the token once and resends', async () => {
    const { authorization, tokens } = await authorizationWith([
      async () => unauthorized(),
      async () => new Response('ok'),
    ]);
    await expect(authorization.fetch(URL, {})).resolves.toBeInstanceOf(Response);
    expect(tokens).toEqual(['Bearer access-token-1', 'Bearer access-token-2']);
  });

  it('on a second 401 asks the user to sign in again', async () => {
    const { authorization, tokens } = await authorizationWith([
      async () => unauthorized(),
      async () => unauthorized(),
    ]);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const error = (await authorization.fetch(URL, {}).catch((e: unknown) => e)) as ApiCallError;
    expect(error.code).toBe('UNAUTHORIZED');
    expect(tokens).toHaveLength(2);
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], expect.anything());
  });

  it('does not resend a spent budget, and keeps its details', async () => {
    const { authorization, tokens } = await authorizationWith([
      async () =>
        Response.json(
          {
            success: false,
            error: {
              code: 'BUDGET_EXCEEDED',
              message: 'Budget exceeded',
              details: {
                scope: 'user',
                period: 'day',
                unit: 'tokens',
                limit: 1000,
                resetsAt: '2026-12-01T00:00:00Z',
              },
            },
            requestId: 'r',
          },
          { status: 429, headers: { 'Retry-After': '3600' } },
        ),
    ]);
    const error = (await authorization.fetch(URL, {}).catch((e: unknown) => e)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.details.budget?.limit).toBe(1000);
    expect(tokens).toHaveLength(1);
  });

  it('reports an unreachable gateway, but passes an abort through as it is', async () => {
    const aborted = new DOMException('aborted', 'AbortError');
    const { authorization } = await authorizationWith([
      async () => {
        throw new TypeError('fetch failed');
      },
      async () => {
        throw aborted;
      },
    ]);
    const unreachable = (await authorization
      .fetch(URL, {})
      .catch((e: unknown) => e)) as ApiCallError;
    expect(unreachable.code).toBe('NETWORK_ERROR');
    const controller = new AbortController();
    controller.abort();
    await expect(authorization.fetch(URL, { signal: controller.signal })).rejects.toBe(aborted);
  });

  it('sends nothing while offline', async () => {
    const { authorization, tokens } = await authorizationWith([]);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    window.dispatchEvent(new Event('offline'));
    expect(TestBed.inject(OnlineStatus).online()).toBe(false);
    const error = (await authorization.fetch(URL, {}).catch((e: unknown) => e)) as ApiCallError;
    expect(error.code).toBe('OFFLINE');
    expect(tokens).toEqual([]);
    vi.restoreAllMocks();
    window.dispatchEvent(new Event('online'));
  });
});
