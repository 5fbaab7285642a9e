import { request } from 'node:http';

import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { encodeCaller } from '../../amplify/functions/shared/authorizer-context.ts';
import { createDependencies } from '../../amplify/functions/usage-api/dependencies.ts';
import { createUsageRouter } from '../../amplify/functions/usage-api/router.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { type LocalDynamo, startLocalDynamo } from '../usage/dynamo.ts';
import { type ApiEmulator, type ApiEmulatorOptions, startApiEmulator } from './server.ts';

/**
 * A body sent without Content-Length (chunked) is one WAF cannot measure: the web ACL refuses it,
 * and behind the web ACL the usage API refuses one over its byte limit itself. The usage API is
 * the real handler over the local tables; the authorizer is a stand-in that allows one caller.
 */
const settings = loadSettings({}, { environment: 'sandbox' });
const THREE_MB = 3 * 1024 * 1024;
const origin = settings.allowedOrigins[0]!;

let dynamo: LocalDynamo;
let deployed: ApiEmulator;
let withoutLengthRule: ApiEmulator;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const router = createUsageRouter(
    createDependencies({
      logger: new Logger({ serviceName: 'usage-api', logLevel: 'SILENT' }),
      env: { ...dynamo.env, MAX_BODY_BYTES: String(settings.api.maxBodyBytes) },
      client: dynamo.client,
    }),
  );
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const caller = { sub: 'sub-dana', username: 'dana', email: '', groups: ['MLUsers'], claims: {} };
  const options: ApiEmulatorOptions = {
    port: 0,
    settings,
    routes: ROUTES,
    authorizer: async () => ({
      principalId: caller.sub,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
      },
      context: { ...encodeCaller(caller, exp) },
    }),
    targets: { usage: { buffered: (event) => router.resolve(event) } },
    api: { region: 'us-east-1', accountId: '123456789012', apiId: 'local', stage: 'v1' },
  };
  deployed = await startApiEmulator(options);
  withoutLengthRule = await startApiEmulator({
    ...options,
    webAcl: { requireContentLength: false },
  });
});

afterAll(async () => {
  await deployed?.stop();
  await withoutLengthRule?.stop();
  await dynamo?.stop();
});

interface Answer {
  status: number;
  body: { success: boolean; error?: { code: string; field?: string }; requestId?: string };
  allowOrigin: string | undefined;
}

/** Sends `body` chunked (Transfer-Encoding, no Content-Length), as a streaming client does. */
function sendChunked(api: ApiEmulator, method: string, path: string, body: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(new URL(path, api.url), {
      method,
      headers: {
        authorization: 'Bearer a.b.c',
        origin,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          body: JSON.parse(text) as Answer['body'],
          allowOrigin: response.headers['access-control-allow-origin'] as string | undefined,
        }),
      );
    });
    req.on('error', reject);
    // Two writes before end(): Node sends the body chunked, never with a Content-Length.
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    req.end(body.slice(half));
  });
}

const bigConversation = JSON.stringify({
  modelId: 'local.echo',
  messages: [{ role: 'user', content: 'x'.repeat(THREE_MB) }],
});

async function storedConversation(api: ApiEmulator, id: string): Promise<number> {
  const response = await fetch(new URL(`history/conversations/${id}`, api.url), {
    headers: { authorization: 'Bearer a.b.c', origin },
  });
  await response.body?.cancel();
  return response.status;
}

describe('a chunked body in local mode', () => {
  it('is refused by the web ACL with 411 LENGTH_REQUIRED before API Gateway (no request id)', async () => {
    const answer = await sendChunked(
      deployed,
      'PUT',
      'history/conversations/conv-chunked-waf',
      bigConversation,
    );
    expect(answer.status).toBe(411);
    expect(answer.body).toEqual({
      success: false,
      error: { code: 'LENGTH_REQUIRED', message: expect.stringContaining('Content-Length') },
    });
    // Readable by the app: the block carries the primary origin's CORS header.
    expect(answer.allowOrigin).toBe(origin);
    expect(await storedConversation(deployed, 'conv-chunked-waf')).toBe(404);
  });

  it('is refused for every body method, even when small', async () => {
    for (const method of ['POST', 'PATCH']) {
      const answer = await sendChunked(
        deployed,
        method,
        method === 'POST' ? 'ml/bedrock' : 'history/conversations/conv-chunked-small',
        JSON.stringify({ title: 'short' }),
      );
      expect(answer.status, method).toBe(411);
    }
  });

  it('of 3 MB is refused by the usage API itself (413) when the web ACL lets it through', async () => {
    const answer = await sendChunked(
      withoutLengthRule,
      'PUT',
      'history/conversations/conv-chunked-fn',
      bigConversation,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'body' });
    // The function's answer: API Gateway assigned a request id.
    expect(answer.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedConversation(withoutLengthRule, 'conv-chunked-fn')).toBe(404);
  });
});
