import { Agent, request } from 'node:http';
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { type ApiEmulator, startApiEmulator } from './server.ts';

/**
 * The gateway's answers at the edge of HTTP itself: oversized bodies on reused connections and
 * paths that are not valid percent-encoding. The handlers are stand-ins: these requests never
 * reach them.
 */
const MAX_BODY_BYTES = 1024;
let api: ApiEmulator;

beforeAll(async () => {
  const base = loadSettings({}, { environment: 'sandbox' });
  api = await startApiEmulator({
    port: 0,
    settings: { ...base, api: { ...base.api, maxBodyBytes: MAX_BODY_BYTES } },
    routes: ROUTES,
    authorizer: async () => ({
      principalId: 'user',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
      },
      context: {},
    }),
    targets: {
      bedrock: { buffered: async () => ({ statusCode: 200, body: '{"success":true}' }) },
    },
    api: { region: 'us-east-1', accountId: '123456789012', apiId: 'local', stage: 'v1' },
  });
});

afterAll(async () => {
  await api?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** A socket error the client saw (EPIPE, ECONNRESET), if any. */
  error?: string;
}

/**
 * One request through `agent`. A body is sent as a client streaming it does: the first 64 KB,
 * then (300 ms later, after the gateway has had time to answer) the rest.
 */
function send(agent: Agent, path: string, method: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const answer: Answer = { status: 0, headers: {}, body: '' };
    const req = request(new URL(path, api.url), {
      agent,
      method,
      headers: {
        authorization: 'Bearer a.b.c',
        'content-type': 'application/json',
        ...(body ? { 'content-length': body.length } : {}),
      },
    });
    req.on('response', (response) => {
      answer.status = response.statusCode!;
      answer.headers = response.headers;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (answer.body += chunk));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (answer.error = error.code ?? error.message));
    req.on('close', () =>
      answer.status || answer.error ? resolve(answer) : reject(new Error('no answer')),
    );
    if (!body) {
      req.end();
      return;
    }
    req.write(body.subarray(0, 64 * 1024));
    setTimeout(() => req.end(body.subarray(64 * 1024)), 300);
  });
}

describe('a body over the limit', () => {
  it('lets a client that is still sending read the 413: no reset, no EPIPE', async () => {
    const url = new URL('ml/bedrock', api.url);
    const total = 4 * 1024 * 1024;
    const result = await new Promise<{ error?: string; text: string }>((resolve) => {
      // Half-open, as an HTTP client is: the server's FIN does not stop it sending its body.
      const socket = connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
      let text = '';
      let error: string | undefined;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code ?? cause.message));
      socket.on('close', () => resolve({ error, text }));
      socket.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer a.b.c\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(64 * 1024, 'x'));
      // The gateway answers meanwhile; the client goes on sending the body it announced.
      setTimeout(() => socket.end(Buffer.alloc(total - 64 * 1024, 'x')), 300);
    });
    expect(result.error).toBeUndefined();
    expect(result.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.text.toLowerCase()).toContain('connection: close');
    expect(result.text).toContain('"PAYLOAD_TOO_LARGE"');
  });

  it('gets the 413 envelope on a reused keep-alive connection, then the connection closes', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, 'ml/models', 'GET');
      expect(first.status).toBe(200);
      const big = Buffer.alloc(4 * 1024 * 1024, 'x');
      const second = await send(agent, 'ml/bedrock', 'POST', big);
      expect(second.error).toBeUndefined();
      expect(second.status).toBe(413);
      expect(second.headers['connection']).toBe('close');
      expect(JSON.parse(second.body)).toMatchObject({
        success: false,
        error: { code: 'PAYLOAD_TOO_LARGE' },
      });
      // The agent opens a fresh connection for the next request, which is served normally.
      expect((await send(agent, 'ml/models', 'GET')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('a path that is not valid percent-encoding', () => {
  it.each(['ml/%E0%A4%A', 'ml/sagemaker/jobs/%E0%A4%A', 'history/conversations/%'])(
    'answers 400 with the gateway envelope: %s',
    async (path) => {
      const agent = new Agent();
      const answer = await send(agent, path, 'GET');
      agent.destroy();
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answer.body)).toMatchObject({
        success: false,
        error: { code: 'BAD_REQUEST' },
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    },
  );
});
