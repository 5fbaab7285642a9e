/**
 * SCIM in the whole local stack (`npm start`'s stack without the app): the real SCIM handler in
 * the API worker, its directory table on the stack's dynalite, the run's local secret.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { useHeadlessStack } from '../../tests/support/local-stack.ts';
import { httpScimSender, replayScimFixture, type ScimFixture } from './replay.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../tests/fixtures/scim');
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as ScimFixture;

const headless = useHeadlessStack();

describe('SCIM in the local stack', () => {
  it('serves <apiUrl>scim/v2 with the run’s secret: both fixtures replay, a user token is refused', async () => {
    expect(headless.stack.scim.url).toBe(`${headless.stack.apiUrl}scim/v2`);
    expect(headless.stack.scim.secret.length).toBeGreaterThanOrEqual(43);
    const send = httpScimSender(headless.stack.scim.url, headless.stack.scim.secret);
    const variables = new Map<string, string>();
    for (const name of ['initial-cycle.json', 'incremental-cycle.json']) {
      const { steps, failed } = await replayScimFixture(fixture(name), send, { variables });
      expect(failed, JSON.stringify(steps.at(-1))).toBe(0);
    }
    // A user's access token is not the SCIM credential.
    const token = await headless.stack.signIn(headless.stack.users[0]!.username);
    const refused = await fetch(`${headless.stack.scim.url}/Users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
  }, 120_000);
});
