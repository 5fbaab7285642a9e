/**
 * SCIM in the whole local stack (`npm start`'s stack without the app): the real SCIM handler in
 * the API worker, its directory table on the stack's dynalite, the run's local secret.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalStack, startLocalStack } from '../stack.ts';
import { httpScimSender, replayScimFixture, type ScimFixture } from './replay.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../tests/fixtures/scim');
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as ScimFixture;

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
    app: 'none',
    realAws: false,
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('SCIM in the local stack', () => {
  it('serves <apiUrl>scim/v2 with the run’s secret: both fixtures replay, a user token is refused', async () => {
    expect(stack.scim.url).toBe(`${stack.apiUrl}scim/v2`);
    expect(stack.scim.secret.length).toBeGreaterThanOrEqual(43);
    const send = httpScimSender(stack.scim.url, stack.scim.secret);
    const variables = new Map<string, string>();
    for (const name of ['initial-cycle.json', 'incremental-cycle.json']) {
      const { steps, failed } = await replayScimFixture(fixture(name), send, { variables });
      expect(failed, JSON.stringify(steps.at(-1))).toBe(0);
    }
    // A user's access token is not the SCIM credential.
    const token = await stack.signIn(stack.users[0]!.username);
    const refused = await fetch(`${stack.scim.url}/Users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
  }, 120_000);
});
