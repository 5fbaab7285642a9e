import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GATEWAY_ERRORS } from '../amplify/contract/gateway-errors.ts';
import { ROUTES } from '../amplify/contract/routes.ts';
import { HEADLESS_STACK_OPTIONS } from '../tests/support/local-stack.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

/** Integration tests over HTTP: the real authorizer and processors behind the API emulator. */
let stack: LocalStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack({
    ...HEADLESS_STACK_OPTIONS,
  });
  for (const user of stack.users) tokens[user.username] = await stack.signIn(user.username);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const call = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(new URL(path, stack.apiUrl), {
    ...init,
    headers: {
      origin: stack.appUrl,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string>),
    },
  });

const chat = (token: string, modelId = 'local.echo', prompt = 'hello local world') =>
  call('ml/bedrock', { method: 'POST', token, body: JSON.stringify({ modelId, prompt }) });

async function expectGatewayError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  // Readable by the browser: the gateway response carries the app's origin.
  expect(response.headers.get('access-control-allow-origin')).toBe(stack.appUrl);
  const body = (await response.json()) as {
    success: boolean;
    error: { code: string };
    requestId: string;
  };
  expect(body.success).toBe(false);
  expect(body.error.code).toBe(code);
  expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
}

describe('authentication at the gateway', () => {
  it('answers 401 without a token', async () => {
    await expectGatewayError(await call('ml/models'), 401, 'UNAUTHORIZED');
  });

  it('answers 401 for a header that is not a bearer JWT', async () => {
    await expectGatewayError(
      await call('ml/models', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
      401,
      'UNAUTHORIZED',
    );
  });

  it('answers 401 for a token whose signature does not verify', async () => {
    const good = tokens['mluser']!;
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await expectGatewayError(await call('ml/models', { token: forged }), 401, 'UNAUTHORIZED');
  });
});

describe('authorization by group', () => {
  it('answers 403 to a ReadOnly user on an invocation', async () => {
    await expectGatewayError(await chat(tokens['readonly']!), 403, 'FORBIDDEN');
  });

  it('answers 200 with the model output to an MLUsers member', async () => {
    const response = await chat(tokens['mluser']!);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(stack.appUrl);
    const body = (await response.json()) as { data: { output: { content: string } } };
    expect(body.data.output.content).toBe('hello local world');
  });

  it('lets only Administrators use an Administrators-only model', async () => {
    const admin = await chat(tokens['admin']!, 'local.summarizer');
    expect(admin.status).toBe(200);
    const member = await chat(tokens['mluser']!, 'local.summarizer');
    expect(member.status).toBe(403);
    expect(((await member.json()) as { error: { code: string } }).error.code).toBe(
      'MODEL_NOT_ALLOWED',
    );
  });

  it('passes the caller to the processor as API Gateway does (the model list follows the groups)', async () => {
    const ids = async (user: string) => {
      const response = await call('ml/models', { token: tokens[user] });
      const body = (await response.json()) as { data: { models: { id: string }[] } };
      return body.data.models.map((model) => model.id);
    };
    expect(await ids('admin')).toContain('local.summarizer');
    expect(await ids('mluser')).not.toContain('local.summarizer');
    expect(await ids('mluser')).toContain('local.echo');
  });
});

describe('authorizer result cache', () => {
  it('reuses the result for the same token and never for another token', async () => {
    const first = await stack.signIn('mluser');
    const second = await stack.signIn('mluser');
    expect(second).not.toBe(first);
    const before = (await stack.apiStats()).authorizerInvocations;
    expect((await call('ml/models', { token: first })).status).toBe(200);
    expect((await call('ml/models', { token: first })).status).toBe(200);
    expect((await stack.apiStats()).authorizerInvocations).toBe(before + 1);
    expect((await call('ml/models', { token: second })).status).toBe(200);
    expect((await stack.apiStats()).authorizerInvocations).toBe(before + 2);
  });

  it('evaluates a cached policy against each new route', async () => {
    const readOnly = await stack.signIn('readonly');
    const member = await stack.signIn('mluser');
    const before = (await stack.apiStats()).authorizerInvocations;
    expect((await call('ml/models', { token: readOnly })).status).toBe(200);
    expect((await call('ml/models', { token: member })).status).toBe(200);
    // Same tokens, another route: the cached policies decide, without calling the authorizer.
    await expectGatewayError(await chat(readOnly), 403, 'FORBIDDEN');
    expect((await chat(member)).status).toBe(200);
    expect((await stack.apiStats()).authorizerInvocations).toBe(before + 2);
  });
});

describe('CORS', () => {
  it('answers a preflight from the app origin with the configured methods and headers', async () => {
    const response = await call('ml/bedrock', {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(stack.appUrl);
    // As amplify/api/rest-api.ts configures it: every method of the route table, and OPTIONS.
    const methods = [...new Set(ROUTES.map((route) => route.method)), 'OPTIONS'];
    expect(response.headers.get('access-control-allow-methods')).toBe(methods.join(','));
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('never grants another origin', async () => {
    const response = await call('ml/bedrock', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const answer = await call('ml/models', {
      token: tokens['mluser'],
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});

describe('gateway limits and errors', () => {
  it('answers 413 from the web ACL to a Content-Length over the limit, before the authorizer', async () => {
    const before = (await stack.apiStats()).authorizerInvocations;
    const prompt = 'x'.repeat(stack.settings.api.maxBodyBytes);
    const response = await call('ml/bedrock', {
      method: 'POST',
      token: await stack.signIn('mluser'),
      body: JSON.stringify({ modelId: 'local.echo', prompt }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe(stack.appUrl);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await stack.apiStats()).authorizerInvocations).toBe(before);
  });

  it('refuses a chunked body (no Content-Length) at the web ACL with 411, before the authorizer', async () => {
    const before = (await stack.apiStats()).authorizerInvocations;
    const url = new URL('ml/bedrock', stack.apiUrl);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens['mluser']}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      req.on('error', reject);
      const prompt = 'x'.repeat(stack.settings.api.maxBodyBytes);
      req.end(JSON.stringify({ modelId: 'local.echo', prompt }));
    });
    expect(answer.status).toBe(411);
    const body = JSON.parse(answer.body) as { error: { code: string }; requestId?: string };
    expect(body.error.code).toBe('LENGTH_REQUIRED');
    // The web ACL answers before API Gateway assigns a request id.
    expect(body.requestId).toBeUndefined();
    expect((await stack.apiStats()).authorizerInvocations).toBe(before);
  });

  it('answers a path or method the API does not have with its configured gateway response', async () => {
    const missing = GATEWAY_ERRORS.find((error) => error.type === 'MISSING_AUTHENTICATION_TOKEN')!;
    const [status, code] = [Number(missing.status), missing.code];
    expect(status).toBe(404);
    const token = tokens['mluser'];
    await expectGatewayError(await call('ml/nothing', { token }), status, code);
    await expectGatewayError(await call('ml/bedrock', { token }), status, code);
  });
});

describe('streaming routes', () => {
  it('stream NDJSON in chunks as the model produces it', async () => {
    const url = new URL('ml/bedrock/stream', stack.apiUrl);
    const chunks: string[] = [];
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens['mluser']}`,
          'content-type': 'application/json',
        },
      });
      req.on('response', (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, ...response.headers }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ modelId: 'local.echo', prompt: 'one two three four' }));
    });
    expect(headers['status']).toBe(200);
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(headers['content-type']).toContain('application/x-ndjson');
    expect(chunks.length).toBeGreaterThan(1);
    const events = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; text?: string });
    expect(
      events
        .filter((event) => event.type === 'delta')
        .map((event) => event.text)
        .join(''),
    ).toBe('one two three four');
    expect(events.at(-1)?.type).toBe('done');
  });
});

describe('the local amplify_outputs.json', () => {
  it('is served by the app server and points the app at this stack', async () => {
    const response = await fetch(`${stack.appUrl}/amplify_outputs.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${new URL(stack.apiUrl).origin} ${stack.hostedUiUrl}`,
    );
    const outputs = (await response.json()) as {
      auth: { user_pool_id: string; oauth: { domain: string; redirect_sign_in_uri: string[] } };
      custom: { mlGateway: { apiUrl: string; userPoolEndpoint: string } };
    };
    expect(outputs.auth.user_pool_id).toBe(stack.userPoolId);
    expect(`https://${outputs.auth.oauth.domain}`).toBe(stack.hostedUiUrl);
    expect(outputs.auth.oauth.redirect_sign_in_uri).toEqual([`${stack.appUrl}/`]);
    expect(outputs.custom.mlGateway).toEqual({
      apiUrl: stack.apiUrl,
      region: 'us-east-1',
      userPoolEndpoint: stack.cognitoEndpoint,
    });
  });
});
