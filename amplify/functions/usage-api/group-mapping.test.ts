/**
 * The group-mapping admin routes through the usage API's router over the local servers
 * (dynalite, the audit trail): Administrators read the table (the committed default until the
 * first edit), replace it from the version they read, a stale edit is refused with 409 and
 * stores nothing, every field at fault is named, and each edit is audited with its before and
 * after.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it } from 'vitest';

import { createLocalGroupMappingTable } from '../../../local/directory/group-mapping-table.ts';
import { useAuditHarness } from '../../../tests/support/audit-harness.ts';
import { callUsageApi } from '../../../tests/support/usage-api-calls.ts';
import { dayOf } from '../../audit/chain.ts';
import { verifyChains } from '../../audit/verify.ts';
import { GROUP_MAPPING } from '../../auth/group-mapping/mapping-table.ts';
import type { GroupMappingEntry } from '../../contract/group-mapping.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';

const admin: Caller = {
  sub: 'sub-admin',
  username: 'admin',
  email: '',
  groups: ['Administrators'],
  claims: {},
};
const otherAdmin: Caller = { ...admin, sub: 'sub-admin-2', username: 'admin.two' };
const user: Caller = {
  sub: 'sub-ml',
  username: 'ml.user',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};
const adminKey: Caller = { ...admin, apiKey: { keyId: 'abcdefghijklmnop', models: ['echo'] } };
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });
const PATH = '/admin/group-mapping';
const RESEARCH_GROUP = '5f0c6f3e-1111-4a4a-9b9b-000000000001';

const audit = useAuditHarness();
let deps: UsageApiDependencies;
const today = dayOf(new Date().toISOString());

beforeAll(async () => {
  const tableEnv = await createLocalGroupMappingTable(audit.dynamo.client, {
    tableName: 'group-mapping-api-test',
  });
  deps = createDependencies({
    logger,
    env: { ...audit.env, ...tableEnv, ALLOWED_ORIGINS: 'http://localhost:4200' },
    client: audit.dynamo.client,
  });
});

let requests = 0;
async function call(caller: Caller, method: 'GET' | 'PUT', body?: unknown) {
  return callUsageApi(deps, {
    caller,
    method,
    resource: PATH,
    body,
    requestId: `req-map-${++requests}`,
  });
}

const researchRow: GroupMappingEntry = {
  source: 'groupObjectId',
  value: RESEARCH_GROUP.toUpperCase(),
  group: 'MLUsers',
  department: 'research',
  costCentre: 'CC-4711',
};

describe('the group-mapping routes', () => {
  it('serves the committed default as version 0 until the first edit, then the stored table', async () => {
    const first = await call(admin, 'GET');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      version: 0,
      entries: Object.entries(GROUP_MAPPING.appRoles).map(([value, group]) => ({
        source: 'appRole',
        value,
        group,
      })),
    });

    const entries = [...first.body.data.entries, researchRow];
    const saved = await call(admin, 'PUT', { version: 0, entries });
    expect(saved.status).toBe(200);
    expect(saved.body.data.mapping).toMatchObject({ version: 1, updatedBy: 'admin' });
    expect(saved.body.data.changes).toEqual([
      {
        item: `groupObjectId:${RESEARCH_GROUP}`,
        after: 'MLUsers department=research costCentre=CC-4711',
      },
    ]);

    const reread = await call(admin, 'GET');
    expect(reread.body.data.version).toBe(1);
    // Object ids are stored lower-case, as Entra sends them.
    expect(reread.body.data.entries.at(-1)).toEqual({ ...researchRow, value: RESEARCH_GROUP });
  });

  it('audits an edit: who, which entries before and after, when, the request id; the chain verifies', async () => {
    const current = (await call(admin, 'GET')).body.data;
    const entries = current.entries
      .filter((entry: GroupMappingEntry) => entry.value !== 'MLGateway.ReadOnly')
      .map((entry: GroupMappingEntry) =>
        entry.value === 'MLGateway.Users' ? { ...entry, department: 'sales' } : entry,
      );
    const saved = await call(otherAdmin, 'PUT', { version: current.version, entries });
    expect(saved.status).toBe(200);

    const { records } = await audit.reader.records(today, 1000, { kind: 'admin-action' });
    const record = records.find((candidate) => candidate.requestId === saved.requestId);
    expect(record).toMatchObject({
      kind: 'admin-action',
      username: 'admin.two',
      sub: 'sub-admin-2',
      action: 'PUT /admin/group-mapping',
      outcome: 'ok',
      status: 200,
      changes: [
        { item: 'appRole:MLGateway.Users', before: 'MLUsers', after: 'MLUsers department=sales' },
        { item: 'appRole:MLGateway.ReadOnly', before: 'ReadOnly' },
      ],
    });
    expect(Date.parse(record!.at)).toBeLessThanOrEqual(Date.now());
    const report = verifyChains(await audit.reader.links(today), await audit.reader.heads(today));
    expect(report.problems).toEqual([]);
  });

  it('refuses a stale edit with 409 and the current version, and keeps the edit that came first', async () => {
    const read = (await call(admin, 'GET')).body.data;
    const mine = [
      ...read.entries,
      { source: 'appRole', value: 'MLGateway.Mine', group: 'ReadOnly' },
    ];
    const theirs = [
      ...read.entries,
      { source: 'groupDisplayName', value: 'ML Gateway Admins', group: 'Administrators' },
    ];
    expect((await call(otherAdmin, 'PUT', { version: read.version, entries: theirs })).status).toBe(
      200,
    );
    const stale = await call(admin, 'PUT', { version: read.version, entries: mine });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'MAPPING_VERSION_CONFLICT',
      details: { currentVersion: read.version + 1 },
    });
    const now = (await call(admin, 'GET')).body.data;
    expect(now.version).toBe(read.version + 1);
    expect(now.entries).toEqual(theirs);
    const { records } = await audit.reader.records(today, 1000, { kind: 'admin-action' });
    expect(records.find((record) => record.requestId === stale.requestId)).toMatchObject({
      status: 409,
      errorCode: 'MAPPING_VERSION_CONFLICT',
    });
  });

  it('lets exactly one of several simultaneous edits from one version win', async () => {
    const read = (await call(admin, 'GET')).body.data;
    const answers = await Promise.all(
      ['One', 'Two', 'Three'].map((name) =>
        call(admin, 'PUT', {
          version: read.version,
          entries: [{ source: 'appRole', value: `MLGateway.${name}`, group: 'MLUsers' }],
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    expect((await call(admin, 'GET')).body.data.version).toBe(read.version + 1);
  });

  it('names every field at fault: unknown group, malformed object id, repeated value, unbounded claim', async () => {
    const read = (await call(admin, 'GET')).body.data;
    const refused = await call(admin, 'PUT', {
      version: read.version,
      entries: [
        { source: 'appRole', value: 'MLGateway.Root', group: 'Root' },
        { source: 'groupObjectId', value: 'not-a-guid', group: 'MLUsers' },
        {
          source: 'appRole',
          value: 'MLGateway.Users',
          group: 'MLUsers',
          department: 'x'.repeat(65),
        },
        { source: 'appRole', value: 'MLGateway.Users', group: 'ReadOnly' },
        { source: 'appRole', value: 'two words', group: 'ReadOnly', costCentre: '<script>' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('entries.0.group');
    const fields = refused.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'entries.0.group',
        'entries.1.value',
        'entries.2.department',
        'entries.4.value',
        'entries.4.costCentre',
      ]),
    );
    expect(refused.body.error.details.fields[0].message).toContain(
      'Administrators, MLUsers, ReadOnly',
    );
    expect((await call(admin, 'GET')).body.data.version).toBe(read.version);
  });

  it('names a repeated entry once the entries are well formed', async () => {
    const read = (await call(admin, 'GET')).body.data;
    const refused = await call(admin, 'PUT', {
      version: read.version,
      entries: [
        { source: 'groupObjectId', value: RESEARCH_GROUP, group: 'MLUsers' },
        { source: 'groupObjectId', value: RESEARCH_GROUP.toUpperCase(), group: 'ReadOnly' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: 'entries.1.value' });
    expect(refused.body.error.message).toContain('repeats entry 1');
  });

  it('refuses anyone but a signed-in Administrator, an Administrator’s API key included', async () => {
    for (const caller of [user, adminKey]) {
      expect((await call(caller, 'GET')).status).toBe(403);
      const read = (await call(admin, 'GET')).body.data;
      const refused = await call(caller, 'PUT', { version: read.version, entries: [] });
      expect(refused.status).toBe(403);
      expect((await call(admin, 'GET')).body.data.version).toBe(read.version);
    }
  });
});
