/**
 * Issue 16 end to end on local mode, over real HTTP: with `DIRECTORY_ACCESS=on` a federated user
 * signed in and chatting is deactivated through the local SCIM endpoint; within the cache window
 * (shortened here through its settings, `DIRECTORY_ACCESS_CACHE_SECONDS` and
 * `API_KEYS_STATUS_CACHE_SECONDS`; 60 s by default) their next call, their API key and a new
 * stream are refused, though the gateway still holds the authorizer's cached Allow (300 s); the
 * stream already running finishes, and their refresh token is revoked (the SCIM function's
 * AdminUserGlobalSignOut). Reactivation restores access within the same window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CreatedApiKey } from '../amplify/contract/api-keys.ts';
import { provisionMember, setActive } from '../tests/support/directory-people.ts';
import { HEADLESS_STACK_OPTIONS } from '../tests/support/local-stack.ts';
import { CognitoApiError, cognitoCall } from './identity/cognito-api.ts';
import { httpScimSender, type ScimSend } from './scim/replay.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

/** The shortened cache window of this test (the settings' default is 60 s). */
const WINDOW_SECONDS = 2;
/** The fixtures' "ML Gateway Users" group, which local mode's mapping grants MLUsers. */
const ML_USERS_GROUP = '5d3c5a38-0a2f-4d5e-9d0b-2c6c1b7e8f10';
const USER_NAME = 'dana@contoso.example';
/** Cognito's user name for an Entra-federated user: `EntraID_<NameID>`. */
const COGNITO_USERNAME = `EntraID_${USER_NAME}`;
const PASSWORD = 'Local-Federated-1!';

let stack: LocalStack;
let scim: ScimSend;
let token: string;
let refreshToken: string;
let apiKey: string;
let apiKeyId: string;
let scimId: string;

beforeAll(async () => {
  stack = await startLocalStack({
    ...HEADLESS_STACK_OPTIONS,
    env: {
      ...process.env,
      DIRECTORY_ACCESS: 'on',
      DIRECTORY_ACCESS_CACHE_SECONDS: String(WINDOW_SECONDS),
      API_KEYS_STATUS_CACHE_SECONDS: String(WINDOW_SECONDS),
    },
  });
  scim = httpScimSender(stack.scim.url, stack.scim.secret);
  // A federated user as Cognito holds one after an Entra sign-in: in no Cognito group.
  const pool = { UserPoolId: stack.userPoolId, Username: COGNITO_USERNAME };
  await cognitoCall(stack.cognitoEndpoint, 'AdminCreateUser', {
    ...pool,
    MessageAction: 'SUPPRESS',
    TemporaryPassword: PASSWORD,
  });
  await cognitoCall(stack.cognitoEndpoint, 'AdminSetUserPassword', {
    ...pool,
    Password: PASSWORD,
    Permanent: true,
  });
  scimId = await provisionMember(scim, USER_NAME, ML_USERS_GROUP);
  const signedIn = await cognitoCall<{
    AuthenticationResult: { AccessToken: string; RefreshToken: string };
  }>(stack.cognitoEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.userPoolClientId,
    AuthParameters: { USERNAME: COGNITO_USERNAME, PASSWORD },
  });
  token = signedIn.AuthenticationResult.AccessToken;
  refreshToken = signedIn.AuthenticationResult.RefreshToken;
}, 90_000);

/** A refresh as the app makes it (rotation on): the new refresh token, or Cognito's error type. */
async function refresh(): Promise<string> {
  try {
    const answer = await cognitoCall<{ AuthenticationResult: { RefreshToken: string } }>(
      stack.cognitoEndpoint,
      'GetTokensFromRefreshToken',
      { ClientId: stack.userPoolClientId, RefreshToken: refreshToken },
    );
    refreshToken = answer.AuthenticationResult.RefreshToken;
    return 'refreshed';
  } catch (error) {
    if (error instanceof CognitoApiError) return error.type;
    throw error;
  }
}

afterAll(async () => {
  await stack?.stop();
});

const call = (path: string, init: { method?: string; bearer?: string; body?: unknown } = {}) =>
  fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.bearer ?? token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

const models = async () => (await call('ml/models')).status;
const chatWithKey = async () => {
  const response = await call('openai/v1/chat/completions', {
    method: 'POST',
    bearer: apiKey,
    body: { model: 'local.echo', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 },
  });
  await response.body?.cancel();
  return response.status;
};
const openStream = (prompt: string) =>
  call('ml/bedrock/stream', { method: 'POST', body: { modelId: 'local.echo', prompt } });
const newStream = async () => {
  const response = await openStream('a new stream');
  await response.text();
  return response.status;
};
/** The three ways in, as statuses. */
const everyWayIn = async () => ({
  call: await models(),
  apiKey: await chatWithKey(),
  stream: await newStream(),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a federated user deactivated over SCIM while chatting (DIRECTORY_ACCESS=on)', () => {
  it('has access while active: a call, a key made from the session, a stream', async () => {
    const created = await call('keys', {
      method: 'POST',
      body: { name: 'laptop', models: ['local.echo'] },
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: CreatedApiKey };
    apiKey = data.secret;
    apiKeyId = data.keyId;
    expect(await everyWayIn()).toEqual({ call: 200, apiKey: 200, stream: 200 });
    expect(await refresh()).toBe('refreshed');
  });

  it('is refused on every way in within the window, while the stream already running finishes', async () => {
    // Mid-chat: a slow stream is open and being read when SCIM deactivates the user.
    const words = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    const running = await openStream(`[[fault:slow]] ${words}`);
    expect(running.status).toBe(200);
    const reading = running.text();
    const before = await stack.apiStats();

    await setActive(scim, scimId, false);
    const deactivatedAt = Date.now();
    await sleep(WINDOW_SECONDS * 1000 + 250);
    expect(await everyWayIn()).toEqual({ call: 403, apiKey: 403, stream: 403 });
    expect(Date.now() - deactivatedAt).toBeLessThan((WINDOW_SECONDS + 5) * 1000);
    // The native routes were answered from the gateway's cached Allow: the functions refused.
    expect((await stack.apiStats()).authorizerInvocations - before.authorizerInvocations).toBe(
      1, // the compatible route's uncached REQUEST authorizer only
    );

    const streamed = (await reading).trim().split('\n');
    expect(JSON.parse(streamed.at(-1)!)).toMatchObject({ type: 'done' });
    const refused = await call('ml/models');
    expect(await refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // The SCIM request signed the user out: no new token from the refresh token.
    expect(await refresh()).toBe('NotAuthorizedException');
  }, 30_000);

  it('is let in again within the window after reactivation', async () => {
    await setActive(scim, scimId, true);
    await sleep(WINDOW_SECONDS * 1000 + 250);
    expect(await everyWayIn()).toEqual({ call: 200, apiKey: 200, stream: 200 });
  }, 30_000);

  it('a revoked key stops within the window on a native route whose Allow the gateway cached', async () => {
    const converse = async () => {
      const response = await call('ml/bedrock', {
        method: 'POST',
        bearer: apiKey,
        body: { modelId: 'local.echo', prompt: 'with a key' },
      });
      await response.body?.cancel();
      return response.status;
    };
    expect(await converse()).toBe(200);
    expect((await call(`keys/${apiKeyId}`, { method: 'DELETE' })).status).toBe(200);
    await sleep(WINDOW_SECONDS * 1000 + 250);
    const before = await stack.apiStats();
    expect(await converse()).toBe(401);
    // Refused by the processor: the gateway answered from its cached decision.
    expect((await stack.apiStats()).authorizerInvocations).toBe(before.authorizerInvocations);
  }, 30_000);
});
