/**
 * The audit of SCIM changes, through the SCIM handler over the local servers: a user's
 * creation, patch, deactivation and deletion and a group's changes each write exactly one
 * `scim-change` record (who, what, id, userName, status), refused ones too; reads write none;
 * no other attribute or the bearer secret is kept; the day's chains still verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useAuditHarness } from '../../../tests/support/audit-harness.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import { dayOf } from '../../audit/chain.ts';
import type { AuditMetadata } from '../../audit/record.ts';
import { verifyChains } from '../../audit/verify.ts';
import { SCIM_SCHEMA } from '../../contract/scim.ts';
import { SCIM_ACTOR } from './scim-audit.ts';

const patch = (...Operations: unknown[]) => ({
  body: { schemas: [SCIM_SCHEMA.patchOp], Operations },
});

const audit = useAuditHarness();
let scim: ScimHarness;
const today = dayOf(new Date().toISOString());

beforeAll(async () => {
  scim = await startScimHarness(audit.dynamo, { env: audit.env });
});
afterAll(async () => {
  await scim?.stop();
});

/** The scim-change records of the request an answer came from. */
async function recordsOf(answer: { headers: Record<string, string> }): Promise<AuditMetadata[]> {
  const requestId = answer.headers['x-request-id'];
  expect(requestId).toBeTruthy();
  const { records } = await audit.reader.records(today, 1000, { kind: 'scim-change' });
  return records.filter((record) => record.requestId === requestId);
}

const by = { kind: 'scim-change', sub: SCIM_ACTOR, username: SCIM_ACTOR, outcome: 'ok' };

describe('SCIM changes are audited', () => {
  it('records a user’s creation, patch, deactivation and deletion once each, by id and userName', async () => {
    const userName = 'iris@contoso.example';
    const created = await scim.call('POST', 'Users', {
      body: {
        userName,
        externalId: 'iris-ext',
        active: true,
        displayName: 'Iris Secretname',
        emails: [{ value: 'iris.private@contoso.example', primary: true }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const renamed = 'iris.new@contoso.example';
    const patched = await scim.call(
      'PATCH',
      `Users/${id}`,
      patch({ op: 'replace', path: 'userName', value: renamed }),
    );
    const deactivated = await scim.call(
      'PATCH',
      `Users/${id}`,
      patch({ op: 'replace', path: 'active', value: false }),
    );
    const deleted = await scim.call('DELETE', `Users/${id}`);
    expect([patched.status, deactivated.status, deleted.status]).toEqual([200, 200, 204]);

    expect(await recordsOf(created)).toMatchObject([
      {
        ...by,
        action: 'POST /Users',
        status: 201,
        changes: [{ item: `User ${id}`, after: userName }],
      },
    ]);
    for (const answer of [patched, deactivated])
      expect(await recordsOf(answer)).toMatchObject([
        {
          ...by,
          action: 'PATCH /Users/{id}',
          status: 200,
          changes: [{ item: `User ${id}`, after: renamed }],
        },
      ]);
    expect(await recordsOf(deleted)).toMatchObject([
      {
        ...by,
        action: 'DELETE /Users/{id}',
        status: 204,
        changes: [{ item: `User ${id}`, before: renamed }],
      },
    ]);
    // No other attribute, and no content, is kept.
    const kept = JSON.stringify(await audit.reader.links(today));
    for (const attribute of ['iris-ext', 'Secretname', 'iris.private', scim.secret])
      expect(kept).not.toContain(attribute);
    expect(kept).not.toContain('"content"');
  });

  it('records a group’s creation, member patch and deletion once each, by id', async () => {
    const member = await scim.call('POST', 'Users', { body: { userName: 'jay@contoso.example' } });
    const group = await scim.call('POST', 'Groups', { body: { displayName: 'Auditors' } });
    const groupId = group.body.id as string;
    const members = await scim.call(
      'PATCH',
      `Groups/${groupId}`,
      patch({ op: 'add', path: 'members', value: [{ value: member.body.id }] }),
    );
    const removed = await scim.call('DELETE', `Groups/${groupId}`);
    expect([group.status, members.status, removed.status]).toEqual([201, 204, 204]);
    for (const [answer, action] of [
      [group, 'POST /Groups'],
      [members, 'PATCH /Groups/{id}'],
      [removed, 'DELETE /Groups/{id}'],
    ] as const)
      expect(await recordsOf(answer)).toEqual([
        expect.objectContaining({ ...by, action, changes: [{ item: `Group ${groupId}` }] }),
      ]);
  });

  it('records refused changes, an unadmitted caller as nobody, and reads not at all', async () => {
    const conflict = await scim.call('POST', 'Users', {
      body: { userName: 'kim@contoso.example' },
    });
    const again = await scim.call('POST', 'Users', { body: { userName: 'kim@contoso.example' } });
    const missing = await scim.call('DELETE', 'Users/no-such-user');
    const stranger = await scim.call('DELETE', `Users/${conflict.body.id}`, {
      authorization: 'Bearer not-the-secret',
    });
    expect([again.status, missing.status, stranger.status]).toEqual([409, 404, 401]);
    expect(await recordsOf(again)).toMatchObject([
      { ...by, outcome: 'client_error', status: 409, errorCode: 'uniqueness' },
    ]);
    expect((await recordsOf(again))[0]).not.toHaveProperty('changes');
    expect(await recordsOf(missing)).toMatchObject([
      { status: 404, changes: [{ item: 'User no-such-user' }] },
    ]);
    expect(await recordsOf(stranger)).toMatchObject([
      { sub: '', username: '', status: 401, action: 'DELETE /Users/{id}' },
    ]);

    const reads = [
      await scim.call('GET', `Users/${conflict.body.id}`),
      await scim.call('GET', 'Users?filter=userName eq "kim@contoso.example"'),
      await scim.call('GET', 'Groups'),
      await scim.call('GET', 'ServiceProviderConfig'),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(await recordsOf(read)).toEqual([]);
    }
    const report = verifyChains(await audit.reader.links(today), await audit.reader.heads(today));
    expect(report.problems).toEqual([]);
  });
});
