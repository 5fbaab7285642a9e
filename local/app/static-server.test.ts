import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startStaticServer, type StaticServer } from './static-server.ts';

let dir: string;
let server: StaticServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'static-server-'));
  mkdirSync(path.join(dir, 'browser'));
  writeFileSync(path.join(dir, 'browser', 'index.html'), '<app-root></app-root>');
  writeFileSync(path.join(dir, 'browser', 'main-ABCD1234.js'), 'console.log(1)');
  mkdirSync(path.join(dir, 'browser', 'de'));
  writeFileSync(path.join(dir, 'browser', 'de', 'index.html'), '<app-root lang="de"></app-root>');
  writeFileSync(path.join(dir, 'browser', 'de', 'main-ABCD1234.js'), 'console.log(2)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
  writeFileSync(path.join(dir, 'amplify_outputs.json'), '{"version":"1.4"}');
  server = await startStaticServer(0);
});

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET, so the path reaches the server exactly as written (no URL normalisation). */
function get(rawPath: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const { port } = new URL(server.origin);
      const req = request({ host: '127.0.0.1', port, path: rawPath });
      req.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the local static server', () => {
  it('answers 503 until the stack hands it its content', async () => {
    expect((await get('/')).status).toBe(503);
  });

  it('serves deep links as index.html and files as they are, with the security headers', async () => {
    server.serve({
      root: path.join(dir, 'browser'),
      outputsFile: path.join(dir, 'amplify_outputs.json'),
      connectOrigins: ['http://127.0.0.1:3100', 'https://127.0.0.1:8443'],
    });
    const deepLink = await get('/chat/some-conversation');
    expect(deepLink.status).toBe(200);
    expect(deepLink.body).toBe('<app-root></app-root>');
    expect(deepLink.headers['cache-control']).toBe('no-cache');
    expect(deepLink.headers['content-security-policy']).toContain(
      "connect-src 'self' http://127.0.0.1:3100 https://127.0.0.1:8443",
    );
    expect(deepLink.headers['x-frame-options']).toBe('DENY');
    const bundle = await get('/main-ABCD1234.js');
    expect(bundle.headers['content-type']).toContain('text/javascript');
    expect(bundle.headers['cache-control']).toContain('immutable');
    expect((await get('/missing.js')).status).toBe(404);
  });

  it("serves a German deep link the German build's index.html, and its files", async () => {
    expect((await get('/de/chat/some-conversation')).body).toBe('<app-root lang="de"></app-root>');
    expect((await get('/de')).body).toBe('<app-root lang="de"></app-root>');
    expect((await get('/de/main-ABCD1234.js')).body).toBe('console.log(2)');
    expect((await get('/design')).body).toBe('<app-root></app-root>');
  });

  it('serves the local amplify_outputs.json', async () => {
    const outputs = await get('/amplify_outputs.json');
    expect(outputs.status).toBe(200);
    expect(JSON.parse(outputs.body)).toEqual({ version: '1.4' });
  });

  it('never serves a file outside the build', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const answer = await get(attempt);
      expect(answer.body).not.toContain('outside the build');
    }
  });
});
