/**
 * The admin audit page's route and the audit of admin actions, through the usage API's router
 * over the local servers: every admin call writes one `admin-action` record (reading the audit
 * included), only Administrators list, filters apply, expired records never show, and nothing of
 * the captured content is listed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  modelCallEvent,
  singleChainPolicy,
  useAuditHarness,
} from '../../../tests/support/audit-harness.ts';
import { callUsageApi } from '../../../tests/support/usage-api-calls.ts';
import { dayOf } from '../../audit/chain.ts';
import { verifyChains } from '../../audit/verify.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';

const admin: Caller = {
  sub: 'sub-admin',
  username: 'admin',
  email: '',
  groups: ['Administrators'],
  claims: {},
};
const user: Caller = {
  sub: 'sub-ml',
  username: 'ml.user',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });

const audit = useAuditHarness();
let deps: UsageApiDependencies;
const today = dayOf(new Date().toISOString());

beforeAll(() => {
  deps = createDependencies({
    logger,
    env: { ...audit.env, ALLOWED_ORIGINS: 'http://localhost:4200' },
    client: audit.dynamo.client,
  });
});

let requests = 0;
async function call(caller: Caller, resource: string, query: Record<string, string> = {}) {
  return callUsageApi(deps, {
    caller,
    method: 'GET',
    resource,
    query,
    requestId: `req-admin-${++requests}`,
  });
}

describe('GET /audit/records', () => {
  it('lists a day’s metadata to administrators, filtered, without content', async () => {
    const { trail } = audit.trail();
    const secret = 'the quarterly numbers';
    await trail.record(modelCallEvent({ content: secret }));
    await trail.record(
      modelCallEvent({ kind: 'guardrail', outcome: 'guardrail_intervened', status: 422 }),
    );
    const all = await call(admin, '/audit/records', { day: today });
    expect(all.status).toBe(200);
    expect(all.body.data.records.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(all.body)).not.toContain(secret);
    expect(all.body.data.records[0]).not.toHaveProperty('content');
    const blocked = await call(admin, '/audit/records', { day: today, kind: 'guardrail' });
    expect(blocked.body.data.records.length).toBeGreaterThanOrEqual(1);
    for (const record of blocked.body.data.records) expect(record.kind).toBe('guardrail');
  });

  it('refuses a non-administrator (403) and a bad day, kind or cursor (400)', async () => {
    expect((await call(user, '/audit/records', { day: today })).status).toBe(403);
    expect((await call(admin, '/audit/records', { day: '2026-13-45' })).body.error.field).toBe(
      'day',
    );
    expect((await call(admin, '/audit/records', { day: today, kind: 'x' })).body.error.field).toBe(
      'kind',
    );
    const badCursor = Buffer.from('HEAD#x').toString('base64url');
    expect((await call(admin, '/audit/records', { day: today, cursor: badCursor })).status).toBe(
      400,
    );
  });

  it('never lists an expired record, even before TTL has deleted it', async () => {
    const { trail } = audit.trail(singleChainPolicy(1));
    const old = new Date(Date.now() - 3 * 86_400_000);
    await trail.record(modelCallEvent({ at: old }));
    const listed = await call(admin, '/audit/records', { day: dayOf(old.toISOString()) });
    expect(listed.body.data.records).toEqual([]);
  });

  it('writes one admin-action record per admin call, the refused ones and reading the audit included', async () => {
    const calls = [
      await call(admin, '/audit/records', { day: today }),
      await call(admin, '/usage/report', { from: today, to: today }),
      await call(user, '/audit/records', { day: today }),
    ];
    const { records } = await audit.reader.records(today, 1000, { kind: 'admin-action' });
    for (const made of calls)
      expect(records.filter((record) => record.requestId === made.requestId)).toHaveLength(1);
    expect(records.find((record) => record.requestId === calls[2]!.requestId)).toMatchObject({
      username: 'ml.user',
      action: 'GET /audit/records',
      status: 403,
      errorCode: 'FORBIDDEN',
    });
    const report = verifyChains(await audit.reader.links(today), await audit.reader.heads(today));
    expect(report.problems).toEqual([]);
  });
});
