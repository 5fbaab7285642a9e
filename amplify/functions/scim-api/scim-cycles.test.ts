/**
 * Entra ID provisioning cycles against the SCIM function (API Gateway proxy events, dynalite):
 * the initial and incremental fixtures, deactivation and reactivation, deletion, a user in 300
 * groups and a group with 1,500 members, and what `currentAccess` reads afterwards.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { replayScimFixture, type ScimFixture } from '../../../local/scim/replay.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import type { GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { SCIM_SCHEMA } from '../../contract/scim.ts';
import { currentAccess } from '../shared/directory-access.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../tests/fixtures/scim');
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as ScimFixture;
const PATCH_OP = SCIM_SCHEMA.patchOp;

/** The fixtures' groups mapped as an administrator would: one by object id, one by name. */
const MAPPING: GroupMappingTable = {
  appRoles: {},
  groupObjectIds: { '5d3c5a38-0a2f-4d5e-9d0b-2c6c1b7e8f10': 'MLUsers' },
  groupDisplayNames: { 'ML Gateway Admins': 'Administrators' },
};

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

async function userId(scim: ScimHarness, userName: string): Promise<string> {
  const found = await scim.call('GET', `Users?filter=userName eq "${userName}"`);
  return found.body.Resources[0].id as string;
}

describe('Entra provisioning cycles (fixtures)', () => {
  let scim: ScimHarness;
  beforeAll(async () => {
    scim = await startScimHarness(dynamo);
  });

  it('the initial cycle answers every request as Entra expects and leaves users, groups and members', async () => {
    const { steps, failed } = await replayScimFixture(fixture('initial-cycle.json'), scim.send);
    expect(failed, JSON.stringify(steps.at(-1))).toBe(0);
    expect(steps).toHaveLength(13);
    // The Test Connection query: an empty ListResponse, never a 404.
    expect(steps[0]!.body).toEqual({
      schemas: [SCIM_SCHEMA.listResponse],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    const alice = await scim.call('GET', `Users/${await userId(scim, 'alice@contoso.example')}`);
    expect(alice.body).toMatchObject({
      schemas: [SCIM_SCHEMA.user, SCIM_SCHEMA.enterpriseUser],
      userName: 'alice@contoso.example',
      externalId: 'alice',
      active: true,
      name: { givenName: 'Alice', familyName: 'Example' },
      [SCIM_SCHEMA.enterpriseUser]: { department: 'Research', costCenter: 'CC-100' },
      meta: { resourceType: 'User' },
    });
    expect(alice.body.meta.location).toBe(
      `https://api.example.test/v1/scim/v2/Users/${alice.body.id}`,
    );
    // Roles and meta of the body are accepted and not kept; nothing is null.
    expect(JSON.stringify(alice.body)).not.toContain('null');
    expect(alice.body.roles).toBeUndefined();

    const groups = await scim.call('GET', 'Groups?filter=displayName eq "ML Gateway Users"');
    expect(groups.body.totalResults).toBe(1);
    expect(groups.body.Resources[0].members).toHaveLength(3);
    expect(await currentAccess(scim.store, 'EntraID_alice@contoso.example', MAPPING)).toEqual({
      provisioned: true,
      active: true,
      groups: ['Administrators', 'MLUsers'],
      directoryGroupCount: 2,
      claims: {},
    });
  });

  it('an incremental cycle in Entra’s non-standard forms changes attributes, deactivates, removes members and deletes', async () => {
    const { steps, failed } = await replayScimFixture(fixture('incremental-cycle.json'), scim.send);
    expect(failed, JSON.stringify(steps.at(-1))).toBe(0);

    const alice = await scim.call('GET', `Users/${await userId(scim, 'alice@contoso.example')}`);
    expect(alice.body.name.familyName).toBe('Renamed');
    expect(alice.body.emails).toEqual([
      { primary: true, type: 'work', value: 'alice.new@contoso.example' },
    ]);
    expect(alice.body[SCIM_SCHEMA.enterpriseUser].department).toBe('Platform');

    const bob = await scim.call('GET', `Users/${await userId(scim, 'bob@contoso.example')}`);
    expect(bob.body.active).toBe(false);
    expect(await currentAccess(scim.store, 'bob@contoso.example', MAPPING)).toMatchObject({
      provisioned: true,
      active: false,
      groups: [],
    });
    // Alice left the admins group (filter form); the renamed users group still maps by object id.
    expect(await currentAccess(scim.store, 'alice@contoso.example', MAPPING)).toMatchObject({
      active: true,
      groups: ['MLUsers'],
      directoryGroupCount: 1,
    });
    // Carol was removed from the group (value-list form), then deleted.
    const users = await scim.call('GET', 'Groups?filter=displayName eq "ML Gateway Users (all)"');
    const members = users.body.Resources[0].members.map(
      (member: { value: string }) => member.value,
    );
    expect(members).toHaveLength(2);
    expect(
      await scim.call('GET', 'Users?filter=userName eq "carol@contoso.example"'),
    ).toMatchObject({ body: { totalResults: 0 } });
    expect(await currentAccess(scim.store, 'carol@contoso.example', MAPPING)).toEqual({
      provisioned: false,
      active: false,
      groups: [],
      directoryGroupCount: 0,
      claims: {},
    });
  });
});

describe('deactivation, reactivation and deletion', () => {
  let scim: ScimHarness;
  let dana: string;
  let group: string;
  beforeAll(async () => {
    scim = await startScimHarness(dynamo);
    dana = (await scim.call('POST', 'Users', { body: { userName: 'dana@contoso.example' } })).body
      .id;
    group = (
      await scim.call('POST', 'Groups', {
        body: {
          displayName: 'ML Gateway Users',
          externalId: '5d3c5a38-0a2f-4d5e-9d0b-2c6c1b7e8f10',
          members: [{ value: dana }],
        },
      })
    ).body.id;
  });

  const setActive = (value: unknown, pathless = false) =>
    scim.call('PATCH', `Users/${dana}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          pathless
            ? { op: 'replace', value: { active: value } }
            : { op: 'Replace', path: 'active', value },
        ],
      },
    });

  it.each([
    ['the string "False" (Entra without the flag)', 'False', false],
    ['a boolean false (Entra with aadOptscim062020)', false, false],
    ['a path-less replace of { active: false }', false, true],
  ])(
    'deactivates with %s, which takes every group away; "True" restores them',
    async (_name, value, pathless) => {
      const off = await setActive(value, pathless);
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect(await currentAccess(scim.store, 'dana@contoso.example', MAPPING)).toMatchObject({
        active: false,
        groups: [],
      });
      const on = await setActive('True');
      expect(on.body.active).toBe(true);
      expect(await currentAccess(scim.store, 'dana@contoso.example', MAPPING)).toMatchObject({
        active: true,
        groups: ['MLUsers'],
      });
    },
  );

  it('a hard delete removes the user, its userName claim and its memberships; the name can be provisioned again', async () => {
    expect((await scim.call('DELETE', `Users/${dana}`)).status).toBe(204);
    expect((await scim.call('GET', `Users/${dana}`)).status).toBe(404);
    expect((await scim.call('DELETE', `Users/${dana}`)).status).toBe(404);
    expect(await scim.store.memberIdsOf(group)).toEqual([]);
    const again = await scim.call('POST', 'Users', { body: { userName: 'DANA@contoso.example' } });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(dana);
  });

  it('deleting a group removes its memberships from its members', async () => {
    const erin = (await scim.call('POST', 'Users', { body: { userName: 'erin@contoso.example' } }))
      .body.id;
    const team = (
      await scim.call('POST', 'Groups', {
        body: { displayName: 'Team', members: [{ value: erin }] },
      })
    ).body.id;
    expect(await scim.store.groupIdsOf(erin)).toEqual([team]);
    expect((await scim.call('DELETE', `Groups/${team}`)).status).toBe(204);
    expect((await scim.call('GET', `Groups/${team}`)).status).toBe(404);
    expect(await scim.store.groupIdsOf(erin)).toEqual([]);
  });
});

describe('any number of groups and members', () => {
  let scim: ScimHarness;
  beforeAll(async () => {
    scim = await startScimHarness(dynamo);
  });

  it('a user in 300 groups (twice the SAML claim limit) keeps all of them, and the mapped ones decide access', async () => {
    const frank = (
      await scim.call('POST', 'Users', { body: { userName: 'frank@contoso.example' } })
    ).body.id;
    const groupIds: string[] = [];
    for (let batch = 0; batch < 300; batch += 25) {
      const created = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          scim.call('POST', 'Groups', {
            body: { displayName: `Team ${batch + i}`, externalId: `object-id-${batch + i}` },
          }),
        ),
      );
      groupIds.push(...created.map((answer) => answer.body.id as string));
      const added = await Promise.all(
        created.map((answer) =>
          scim.call('PATCH', `Groups/${answer.body.id}`, {
            body: {
              schemas: [PATCH_OP],
              Operations: [{ op: 'Add', path: 'members', value: [{ value: frank }] }],
            },
          }),
        ),
      );
      expect(added.map((answer) => answer.status)).toEqual(added.map(() => 204));
    }
    expect((await scim.store.groupIdsOf(frank)).sort()).toEqual([...groupIds].sort());
    // Only the 299th group maps: a match deep in the list is still found.
    const access = await currentAccess(scim.store, 'frank@contoso.example', {
      appRoles: {},
      groupObjectIds: { 'object-id-299': 'MLUsers' },
      groupDisplayNames: { 'Team 150': 'ReadOnly' },
    });
    expect(access).toEqual({
      provisioned: true,
      active: true,
      groups: ['MLUsers', 'ReadOnly'],
      directoryGroupCount: 300,
      claims: {},
    });
  }, 180_000);

  it('a group with 1,500 members: added in Entra-sized PATCHes, listed whole, one removed by filter', async () => {
    // The members exist before the test: provisioned straight into the store, 50 at a time.
    const ids: string[] = [];
    for (let start = 0; start < 1500; start += 50) {
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          scim.store.createUser({ userName: `member-${start + i}@contoso.example`, active: true }),
        ),
      );
      ids.push(...created.map((user) => user.id));
    }
    const group = (await scim.call('POST', 'Groups', { body: { displayName: 'Everyone' } })).body
      .id;
    for (let start = 0; start < ids.length; start += 100) {
      const answer = await scim.call('PATCH', `Groups/${group}`, {
        body: {
          schemas: [PATCH_OP],
          Operations: [
            {
              op: 'Add',
              path: 'members',
              value: ids.slice(start, start + 100).map((value) => ({ value })),
            },
          ],
        },
      });
      expect(answer.status).toBe(204);
    }
    const whole = await scim.call('GET', `Groups/${group}`);
    expect(whole.body.members).toHaveLength(1500);
    const trimmed = await scim.call('GET', `Groups/${group}?excludedAttributes=members`);
    expect(trimmed.body.members).toBeUndefined();
    const removed = await scim.call('PATCH', `Groups/${group}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${ids[700]}"]` }],
      },
    });
    expect(removed.status).toBe(204);
    const members = await scim.store.memberIdsOf(group);
    expect(members).toHaveLength(1499);
    expect(members).not.toContain(ids[700]);
    expect(await scim.store.groupIdsOf(ids[700]!)).toEqual([]);
  }, 180_000);
});
