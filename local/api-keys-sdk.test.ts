/**
 * Personal API keys (issue 14) with the official `openai` and `@anthropic-ai/sdk` clients
 * against local mode: keys made on `POST /keys`, checked by the real authorizer (the key table
 * in dynalite, local mode's HMAC secret, the owner's current groups from cognito-local), and
 * refused once revoked, expired, over budget, or when the owner lost the group.
 */
import Anthropic from '@anthropic-ai/sdk';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { API_KEY_ENV } from '../amplify/api-keys/api-key-table-definition.ts';
import type { ApiKeySummary, CreatedApiKey } from '../amplify/contract/api-keys.ts';
import { apiKeyHmac, generateApiKey } from '../amplify/functions/shared/api-key-format.ts';
import { ApiKeyStore } from '../amplify/functions/shared/api-key-store.ts';
import { HEADLESS_STACK_OPTIONS } from '../tests/support/local-stack.ts';
import { cognitoCall } from './identity/cognito-api.ts';
import { passwordSignIn } from './identity/pool.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

let stack: LocalStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack({
    ...HEADLESS_STACK_OPTIONS,
  });
  for (const user of ['mluser', 'admin']) tokens[user] = await stack.signIn(user);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** The envelope of a key route's answer, as far as these tests read it. */
interface KeyRouteBody {
  readonly data: {
    readonly keys: (ApiKeySummary & Record<string, unknown>)[];
    readonly limits?: unknown;
  } & Record<string, unknown>;
  readonly error?: Record<string, unknown>;
}

/** Calls a key route with a signed-in user's token. */
async function keyRoute(
  method: string,
  path: string,
  bearer: string,
  body?: unknown,
): Promise<{ status: number; json: KeyRouteBody }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as KeyRouteBody };
}

async function createKey(token: string, body: Record<string, unknown>): Promise<CreatedApiKey> {
  const { status, json } = await keyRoute('POST', 'keys', token, body);
  expect(status, JSON.stringify(json)).toBe(201);
  return json.data as unknown as CreatedApiKey;
}

const openai = (key: string) =>
  new OpenAI({ baseURL: `${stack.apiUrl}openai/v1`, apiKey: key, maxRetries: 0 });
// The Anthropic SDK's `apiKey` goes in `x-api-key`.
const anthropic = (key: string) =>
  new Anthropic({ baseURL: `${stack.apiUrl}anthropic`, apiKey: key, maxRetries: 0 });

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

const chat = (key: string) =>
  openai(key).chat.completions.create({
    model: 'local.echo',
    messages: [{ role: 'user', content: 'hello with a key' }],
    max_tokens: 10,
  });
const message = (key: string) =>
  anthropic(key).messages.create({
    model: 'local.echo',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'hello with a key' }],
  });

/** The key table as the functions reach it, for keys a route cannot make (an expired one). */
function keyStore(): ApiKeyStore {
  const env = stack.handlerEnvironment;
  return new ApiKeyStore({
    client: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'],
        region: env['AWS_REGION'],
        credentials: {
          accessKeyId: env['AWS_ACCESS_KEY_ID']!,
          secretAccessKey: env['AWS_SECRET_ACCESS_KEY']!,
        },
      }),
    ),
    tableName: env[API_KEY_ENV.table]!,
  });
}

describe('a personal API key', () => {
  let key: CreatedApiKey;

  beforeAll(async () => {
    key = await createKey(tokens['mluser']!, {
      name: 'laptop',
      models: ['local.echo', 'local.markdown'],
    });
  });

  it('is shown once with its prefix, and listed without its secret', async () => {
    expect(key.secret).toMatch(/^mlg_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.secret.startsWith(`mlg_${key.keyId}_`)).toBe(true);
    expect(key.status).toBe('active');
    const days = (Date.parse(key.expiresAt) - Date.parse(key.createdAt)) / 86_400_000;
    expect(days).toBe(30);
    const { json } = await keyRoute('GET', 'keys', tokens['mluser']!);
    const listed = json.data.keys.find((k) => k.keyId === key.keyId);
    expect(listed).toMatchObject({ name: 'laptop', hint: `mlg_${key.keyId}_…` });
    expect(JSON.stringify(json)).not.toContain(key.secret.slice(21));
    expect(json.data.limits).toEqual({ defaultExpiryDays: 30, maxExpiryDays: 90 });
  });

  it('lists only its own models through the OpenAI SDK', async () => {
    const models = (await openai(key.secret).models.list()).data.map((model) => model.id);
    expect(models).toEqual(['local.echo', 'local.markdown']);
  });

  it('chats through the OpenAI SDK (buffered and streamed)', async () => {
    const completion = await chat(key.secret);
    expect(completion.choices[0]!.message.content).toBe('hello with a key');
    const stream = await openai(key.secret).chat.completions.create({
      model: 'local.echo',
      messages: [{ role: 'user', content: 'streamed with a key' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed with a key');
  });

  it('lists models and chats through the Anthropic SDK (x-api-key)', async () => {
    const models = (await anthropic(key.secret).models.list()).data.map((model) => model.id);
    expect(models).toEqual(['local.echo', 'local.markdown']);
    const answer = await message(key.secret);
    expect(answer.content[0]).toMatchObject({ type: 'text', text: 'hello with a key' });
  });

  it('calls the native routes with Authorization: Bearer', async () => {
    const response = await fetch(`${stack.apiUrl}ml/models`, {
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { models: { id: string }[] } };
    expect(body.data.models.map((model) => model.id)).toEqual(['local.echo', 'local.markdown']);
  });

  it('may not use a model the key does not name, even one its owner may', async () => {
    const error = await failure(
      openai(key.secret).chat.completions.create({
        model: 'local.attachments',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('may not manage keys (a leaked key cannot mint more)', async () => {
    expect((await keyRoute('GET', 'keys', key.secret)).status).toBe(403);
    expect(
      (await keyRoute('POST', 'keys', key.secret, { name: 'more', models: ['local.echo'] })).status,
    ).toBe(403);
  });

  it('is refused once revoked, by both SDKs, and an administrator sees it revoked', async () => {
    const doomed = await createKey(tokens['mluser']!, { name: 'doomed', models: ['local.echo'] });
    expect((await chat(doomed.secret)).choices[0]!.message.content).toBe('hello with a key');
    const revoked = await keyRoute('DELETE', `keys/${doomed.keyId}`, tokens['mluser']!);
    expect(revoked.status).toBe(200);
    expect(revoked.json.data).toMatchObject({ status: 'revoked' });
    expect(await failure(chat(doomed.secret))).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(await failure(message(doomed.secret))).toBeInstanceOf(Anthropic.AuthenticationError);
    const all = await keyRoute('GET', 'admin/keys', tokens['admin']!);
    expect(all.json.data.keys.find((k) => k.keyId === doomed.keyId)).toMatchObject({
      status: 'revoked',
      owner: { username: 'mluser' },
    });
  });

  it('is refused by both SDKs once expired', async () => {
    const env = stack.handlerEnvironment;
    const { key: secret, keyId } = generateApiKey();
    const now = Date.now();
    await keyStore().create({
      keyId,
      ownerSub: 'expired-owner',
      ownerUsername: 'mluser',
      name: 'old',
      models: ['local.echo'],
      createdAt: new Date(now - 31 * 86_400_000).toISOString(),
      expiresAt: new Date(now - 86_400_000).toISOString(),
      secretHmac: apiKeyHmac(Buffer.from(env[API_KEY_ENV.localSecret]!), secret),
      claims: {},
    });
    expect(await failure(chat(secret))).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(await failure(message(secret))).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('refuses a key that is not one (wrong secret for a real id)', async () => {
    const forged = `${key.secret.slice(0, 21)}${'A'.repeat(43)}`;
    expect(await failure(chat(forged))).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('is refused over its own budget with 429 and Retry-After', async () => {
    const small = await createKey(tokens['mluser']!, {
      name: 'small',
      models: ['local.echo'],
      budget: { tokensPerMonth: 5 },
    });
    const error = await failure(chat(small.secret));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as unknown as { headers: Headers }).headers.get('retry-after')).toMatch(/^\d+$/);
    expect(String(error.message)).toContain('API key');
    const anthropicError = await failure(message(small.secret));
    expect(anthropicError).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it('may not be given a budget above its owner’s or a model its owner may not use', async () => {
    const tooBig = await keyRoute('POST', 'keys', tokens['mluser']!, {
      name: 'big',
      models: ['local.echo'],
      budget: { tokensPerMonth: 1e12 },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'budget.tokensPerMonth',
    });
    const adminOnly = await keyRoute('POST', 'keys', tokens['mluser']!, {
      name: 'sneaky',
      models: ['local.summarizer'],
    });
    expect(adminOnly.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'models' });
    const tooLong = await keyRoute('POST', 'keys', tokens['mluser']!, {
      name: 'forever',
      models: ['local.echo'],
      expiresInDays: 91,
    });
    expect(tooLong.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'expiresInDays' });
  });
});

describe('a key whose owner lost the group', () => {
  it('is refused by both SDKs: the owner’s current groups decide, not those at creation', async () => {
    const endpoint = stack.cognitoEndpoint;
    const pool = { UserPoolId: stack.userPoolId };
    const username = 'leaver';
    const password = 'Local-Leaver-1!';
    await cognitoCall(endpoint, 'AdminCreateUser', {
      ...pool,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: password,
    });
    await cognitoCall(endpoint, 'AdminSetUserPassword', {
      ...pool,
      Username: username,
      Password: password,
      Permanent: true,
    });
    await cognitoCall(endpoint, 'AdminAddUserToGroup', {
      ...pool,
      Username: username,
      GroupName: 'MLUsers',
    });
    const token = await passwordSignIn(endpoint, stack.userPoolClientId, username, password);
    const key = await createKey(token, { name: 'before leaving', models: ['local.echo'] });
    await cognitoCall(endpoint, 'AdminRemoveUserFromGroup', {
      ...pool,
      Username: username,
      GroupName: 'MLUsers',
    });
    // Its token still says MLUsers for its hour; the key follows the pool at once.
    expect(await failure(chat(key.secret))).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(await failure(message(key.secret))).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});
