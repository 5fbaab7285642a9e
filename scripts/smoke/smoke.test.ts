import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { writeStackRecord } from '../../local/stack-record.ts';
import { routeKey, routesWithoutSmokeRequest, runSmoke, type SmokeResult } from './smoke-checks.ts';
import { tokenGroups } from './smoke-token.ts';

/** `npm run smoke` against local mode, started in-process as the stack tests do. */
let stack: LocalStack;
const tokens: Record<string, string> = {};
const cli = path.resolve(import.meta.dirname, '../smoke.ts');

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
    app: 'none',
    realAws: false,
  });
  for (const user of stack.users) tokens[user.username] = await stack.signIn(user.username);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Runs the CLI as a deployer would (asynchronously: the stack answers from this process). */
async function smokeCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, SMOKE_TOKEN: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const smokeAs = (username: string) =>
  runSmoke({
    apiUrl: stack.apiUrl,
    token: tokens[username]!,
    groups: tokenGroups(tokens[username]!),
    origin: stack.appUrl,
  });

const row = (results: SmokeResult[], key: string) =>
  results.find((result) => result.route === key)!;

describe('npm run smoke', () => {
  it('has a request for every route of the route table', () => {
    expect(routesWithoutSmokeRequest()).toEqual([]);
    expect(routesWithoutSmokeRequest([...ROUTES, { ...ROUTES[0]!, path: '/new' }])).toEqual([
      'GET /new',
    ]);
  });

  it('passes every route for an administrator, streams included', async () => {
    const results = await smokeAs('admin');
    expect(results.filter((result) => result.outcome === 'fail')).toEqual([]);
    for (const route of ROUTES) expect(row(results, routeKey(route)).outcome).toBe('pass');
    expect(row(results, 'OPTIONS /ml/bedrock (CORS preflight)').outcome).toBe('pass');
    expect(row(results, 'POST /ml/bedrock/stream').detail).toMatch(
      /^\d+ chunks, \d+ deltas, done$/,
    );
    expect(row(results, 'GET /ml/sagemaker/jobs/{jobId}')).toMatchObject({
      status: 404,
      outcome: 'pass',
    });
  });

  it("counts a 403 on a route outside the user's groups as a pass", async () => {
    const readonly = await smokeAs('readonly');
    expect(readonly.filter((result) => result.outcome === 'fail')).toEqual([]);
    expect(row(readonly, 'POST /ml/bedrock')).toMatchObject({ status: 403, outcome: 'pass' });
    expect(row(readonly, 'GET /usage/me')).toMatchObject({ status: 200, outcome: 'pass' });
    const mluser = await smokeAs('mluser');
    expect(row(mluser, 'GET /usage/report')).toMatchObject({ status: 403, outcome: 'pass' });
  });

  it('fails a CORS check for an origin the API does not allow', async () => {
    const results = await runSmoke({
      apiUrl: stack.apiUrl,
      token: tokens['mluser']!,
      groups: tokenGroups(tokens['mluser']!),
      origin: 'https://not-allowed.example',
    });
    expect(row(results, 'GET /ml/models')).toMatchObject({ status: 200, outcome: 'fail' });
    expect(row(results, 'GET /ml/models').detail).toContain('Access-Control-Allow-Origin');
  });

  it('prints a table and exits 0 when everything passes', async () => {
    const run = await smokeCli(['--api', stack.apiUrl, '--origin', stack.appUrl], {
      SMOKE_TOKEN: tokens['mluser']!,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^route +status +ms +result$/m);
    expect(run.stdout).toMatch(/^POST \/ml\/bedrock\/stream +200 +\d+ +ok: \d+ chunks/m);
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/m);
  });

  it('signs a seeded user in to running local mode with --user, as npm run token does', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'smoke-state-'));
    // What `npm start` records about the running stack.
    writeStackRecord(stateDir, {
      pid: process.pid,
      cognitoEndpoint: stack.cognitoEndpoint,
      userPoolClientId: stack.userPoolClientId,
      apiUrl: stack.apiUrl,
    });
    try {
      const run = await smokeCli(
        ['--api', stack.apiUrl, '--user', 'admin', '--origin', stack.appUrl],
        { LOCAL_STATE_DIR: stateDir },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('as admin (groups: Administrators)');
      expect(run.stdout).toMatch(/^GET \/usage\/report +200 /m);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('exits 1 with a readable table for a bad token', async () => {
    const run = await smokeCli(['--api', stack.apiUrl, '--token', 'not-a-token']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^GET \/ml\/models +401 +\d+ +FAIL: 401 UNAUTHORIZED: the API refused the token/m,
    );
    expect(run.stdout).toMatch(/^0 passed, \d+ failed, \d+ skipped$/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 with a readable table for a wrong API URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await smokeCli([
      '--api',
      `http://127.0.0.1:${port}/v1/`,
      '--token',
      tokens['mluser']!,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^GET \/usage\/me +- +\d+ +FAIL: cannot connect \(ECONNREFUSED\)$/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 and says how to get a token when it has none', async () => {
    const run = await smokeCli(['--api', stack.apiUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No token: pass --token');
  });
});
