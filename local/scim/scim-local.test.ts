/**
 * SCIM through the API emulator's HTTP server as local mode serves it: outside the token
 * authorizer, the SCIM function checking its own secret, its own throttle, and `npm run scim`
 * replaying both fixtures.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { SCIM_SCHEMA } from '../../amplify/contract/scim.ts';
import { handleScimRequest } from '../../amplify/functions/scim-api/scim-router.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { type ScimHarness, startScimHarness } from '../../tests/support/scim-harness.ts';
import { type ApiEmulator, startApiEmulator } from '../api/server.ts';
import { httpScimSender, replayScimFixture, type ScimFixture } from './replay.ts';
import { scimOpenRoute } from './scim-open-route.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = ['initial-cycle.json', 'incremental-cycle.json'].map((name) =>
  path.join(ROOT, 'tests/fixtures/scim', name),
);

let scim: ScimHarness;
let api: ApiEmulator;
let authorizerCalls = 0;
beforeAll(async () => {
  scim = await startScimHarness();
  api = await startApiEmulator({
    port: 0,
    settings: loadSettings({}, { environment: 'sandbox' }),
    routes: ROUTES,
    authorizer: () => {
      authorizerCalls++;
      return Promise.reject(new Error('Unauthorized'));
    },
    targets: {},
    api: { region: 'us-east-1', accountId: '000000000000', apiId: 'local', stage: 'v1' },
    openRoutes: [scimOpenRoute((event) => handleScimRequest(event, scim.dependencies))],
  });
});
afterAll(async () => {
  await api?.stop();
  await scim?.stop();
});

const tenantUrl = () => `${api.url}scim/v2`;

describe('SCIM in local mode', () => {
  it('npm run scim replays the initial and the incremental cycle against the running endpoint', async () => {
    const { stdout } = await promisify(execFile)(
      path.join(ROOT, 'node_modules/.bin/node'),
      [path.join(ROOT, 'local/scim.ts'), ...FIXTURES],
      {
        cwd: ROOT,
        env: { ...process.env, SCIM_URL: tenantUrl(), SCIM_SECRET: scim.secret },
      },
    );
    const lines = stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(lines).toHaveLength(13 + 12);
    expect(lines.every((line) => line.startsWith('  ok'))).toBe(true);
    expect(stdout).toContain('PATCH Groups/');
    // Never the authorizer: SCIM has its own credential.
    expect(authorizerCalls).toBe(0);
  });

  it('answers with the SCIM function: a wrong secret is a SCIM 401, a location says http and the stage', async () => {
    const wrong = await fetch(`${tenantUrl()}/Users`, {
      headers: { authorization: `Bearer ${'x'.repeat(43)}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toBe('application/scim+json');
    expect(await wrong.json()).toMatchObject({ schemas: [SCIM_SCHEMA.error], status: '401' });
    const users = await fetch(`${tenantUrl()}/Users?count=1`, {
      headers: { authorization: `Bearer ${scim.secret}` },
    });
    const body = (await users.json()) as { Resources: { meta: { location: string } }[] };
    expect(body.Resources[0]!.meta.location).toMatch(
      new RegExp(`^${tenantUrl().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/Users/`),
    );
    expect(authorizerCalls).toBe(0);
  });

  it('a fixture step with an unexpected status is reported, and the CLI exits 1', async () => {
    const fixture: ScimFixture = {
      description: 'a wrong expectation',
      cycles: [
        {
          name: 'bad',
          requests: [
            { name: 'missing user', method: 'GET', path: 'Users/nobody', expectStatus: 200 },
          ],
        },
      ],
    };
    const result = await replayScimFixture(fixture, httpScimSender(tenantUrl(), scim.secret));
    expect(result.failed).toBe(1);
    expect(result.steps[0]).toMatchObject({ status: 404, expectStatus: 200 });
    const cli = await promisify(execFile)(
      path.join(ROOT, 'node_modules/.bin/node'),
      [path.join(ROOT, 'local/scim.ts'), FIXTURES[0]!],
      { cwd: ROOT, env: { ...process.env, SCIM_URL: tenantUrl(), SCIM_SECRET: 'y'.repeat(43) } },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('FAIL 401 (expected 200)');
  });

  it('throttles SCIM on its own bucket: a burst beyond it is 429 from the gateway', async () => {
    const burst = 40;
    const answers = await Promise.all(
      Array.from({ length: burst }, () =>
        fetch(`${tenantUrl()}/ServiceProviderConfig`, {
          headers: { authorization: `Bearer ${scim.secret}` },
        }).then((response) => response.status),
      ),
    );
    expect(answers).toContain(429);
    expect(answers).toContain(200);
  });

  it('the fixtures are valid: every request names a method, a path and an expected status', () => {
    for (const file of FIXTURES) {
      const fixture = JSON.parse(readFileSync(file, 'utf8')) as ScimFixture;
      for (const request of fixture.cycles.flatMap((cycle) => cycle.requests)) {
        expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(request.method);
        expect(request.path).not.toMatch(/^\//);
        expect(request.expectStatus).toBeGreaterThanOrEqual(200);
      }
    }
  });
});
