/**
 * The SCIM function's answers to everything but whole cycles: each bad request as a SCIM error
 * with its scimType, the bearer secret (missing, wrong, rotated, unset), PATCH forms on users
 * and groups, filters, pagination, discovery and what is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ScimHarness, startScimHarness } from '../../../tests/support/scim-harness.ts';
import { proxyEvent } from '../../../tests/support/scim-harness.ts';
import { SCIM_MAX_RESULTS, SCIM_SCHEMA } from '../../contract/scim.ts';
import { sha256Hex, StaticTokenHashes } from './bearer-secret.ts';
import { handleScimRequest } from './scim-router.ts';

const PATCH_OP = SCIM_SCHEMA.patchOp;
const patch = (...Operations: unknown[]) => ({ body: { schemas: [PATCH_OP], Operations } });

let scim: ScimHarness;
let userId: string;
let otherId: string;
let groupId: string;
beforeAll(async () => {
  scim = await startScimHarness();
  userId = (
    await scim.call('POST', 'Users', {
      body: { userName: 'gina@contoso.example', externalId: 'gina', active: true },
    })
  ).body.id;
  otherId = (await scim.call('POST', 'Users', { body: { userName: 'hank@contoso.example' } })).body
    .id;
  groupId = (await scim.call('POST', 'Groups', { body: { displayName: 'Readers' } })).body.id;
});
afterAll(async () => {
  await scim?.stop();
});

const errorOf = (status: number, scimType?: string) => ({
  status,
  body: {
    schemas: [SCIM_SCHEMA.error],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail: expect.any(String),
  },
});

describe('bad requests are SCIM errors with their scimType', () => {
  it.each([
    ['a body that is not JSON', 400, 'invalidSyntax', 'POST', 'Users', { rawBody: '{"userName":' }],
    ['a body that is an array', 400, 'invalidSyntax', 'POST', 'Users', { rawBody: '[]' }],
    ['a user without userName', 400, 'invalidValue', 'POST', 'Users', { body: { active: true } }],
    [
      'an active that is no boolean',
      400,
      'invalidValue',
      'POST',
      'Users',
      { body: { userName: 'x@y', active: 'maybe' } },
    ],
    [
      'a group without displayName',
      400,
      'invalidValue',
      'POST',
      'Groups',
      { body: { externalId: 'g' } },
    ],
    [
      'a group whose member is not provisioned',
      400,
      'invalidValue',
      'POST',
      'Groups',
      { body: { displayName: 'G', members: [{ value: 'nobody' }] } },
    ],
    [
      'a PATCH without Operations',
      400,
      'invalidSyntax',
      'PATCH',
      'USER',
      { body: { schemas: [PATCH_OP] } },
    ],
    [
      'a PATCH without the PatchOp schema',
      400,
      'invalidSyntax',
      'PATCH',
      'USER',
      { body: { schemas: [], Operations: [{ op: 'add', path: 'title', value: 'x' }] } },
    ],
    [
      'a PATCH op that is not add, replace or remove',
      400,
      'invalidValue',
      'PATCH',
      'USER',
      patch({ op: 'Move', path: 'title', value: 'x' }),
    ],
    [
      'a PATCH path the user does not have',
      400,
      'invalidPath',
      'PATCH',
      'USER',
      patch({ op: 'Replace', path: 'favouriteColour', value: 'x' }),
    ],
    [
      'a PATCH filter on a single-valued attribute',
      400,
      'invalidPath',
      'PATCH',
      'USER',
      patch({ op: 'Replace', path: 'title[value eq "x"]', value: 'x' }),
    ],
    [
      'a remove without a path',
      400,
      'noTarget',
      'PATCH',
      'USER',
      patch({ op: 'Remove', value: { title: 'x' } }),
    ],
    [
      'a replace of the read-only id',
      400,
      'mutability',
      'PATCH',
      'USER',
      patch({ op: 'Replace', path: 'id', value: 'mine' }),
    ],
    [
      'a remove of the required userName',
      400,
      'invalidValue',
      'PATCH',
      'USER',
      patch({ op: 'Remove', path: 'userName' }),
    ],
    [
      'an add without a value',
      400,
      'invalidValue',
      'PATCH',
      'USER',
      patch({ op: 'Add', path: 'title' }),
    ],
    [
      'active as a string that is not a boolean',
      400,
      'invalidValue',
      'PATCH',
      'USER',
      patch({ op: 'Replace', path: 'active', value: 'Nope' }),
    ],
    [
      'a group member add naming an unknown user',
      400,
      'invalidValue',
      'PATCH',
      'GROUP',
      patch({ op: 'Add', path: 'members', value: [{ value: 'ghost' }] }),
    ],
    [
      'a members filter other than value eq',
      400,
      'invalidPath',
      'PATCH',
      'GROUP',
      patch({ op: 'Remove', path: 'members[display eq "x"]' }),
    ],
    [
      'a filter operator other than eq',
      400,
      'invalidFilter',
      'GET',
      'Users?filter=userName co "gina"',
      {},
    ],
    [
      'a filter with and',
      400,
      'invalidFilter',
      'GET',
      'Users?filter=userName eq "a" and active eq true',
      {},
    ],
    [
      'a filter on an attribute not offered',
      400,
      'invalidFilter',
      'GET',
      'Users?filter=title eq "x"',
      {},
    ],
    [
      'a group filter on userName',
      400,
      'invalidFilter',
      'GET',
      'Groups?filter=userName eq "x"',
      {},
    ],
    ['a count that is no integer', 400, 'invalidValue', 'GET', 'Users?count=ten', {}],
  ])('%s → %i %s', async (_name, status, scimType, method, target, request) => {
    const path =
      target === 'USER' ? `Users/${userId}` : target === 'GROUP' ? `Groups/${groupId}` : target;
    const answer = await scim.call(method, path, request);
    expect(answer).toMatchObject(errorOf(status, scimType));
    expect(answer.headers['content-type']).toBe('application/scim+json');
  });

  it('a second user with the same userName, in any case, is 409 uniqueness', async () => {
    const answer = await scim.call('POST', 'Users', { body: { userName: 'GINA@contoso.example' } });
    expect(answer).toMatchObject(errorOf(409, 'uniqueness'));
  });

  it('a user taking another user’s externalId, by PUT or PATCH, is 409 uniqueness and changes nothing', async () => {
    const put = await scim.call('PUT', `Users/${otherId}`, {
      body: { userName: 'hank@contoso.example', externalId: 'gina' },
    });
    expect(put).toMatchObject(errorOf(409, 'uniqueness'));
    const patched = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch({ op: 'Replace', path: 'userName', value: 'Gina@Contoso.example' }),
    );
    expect(patched).toMatchObject(errorOf(409, 'uniqueness'));
    expect((await scim.call('GET', `Users/${otherId}`)).body).toMatchObject({
      userName: 'hank@contoso.example',
    });
    expect((await scim.call('GET', `Users/${otherId}`)).body.externalId).toBeUndefined();
  });

  it.each([
    ['GET', 'Users/no-such-id'],
    ['PUT', 'Users/no-such-id'],
    ['PATCH', 'Users/no-such-id'],
    ['DELETE', 'Users/no-such-id'],
    ['GET', 'Groups/no-such-id'],
    ['PATCH', 'Groups/no-such-id'],
    ['DELETE', 'Groups/no-such-id'],
    ['GET', 'Bulk'],
    ['GET', 'Users/a/b'],
    ['GET', 'ResourceTypes/Device'],
    ['GET', 'Schemas/urn:nothing'],
  ])('%s %s → 404 as a SCIM error', async (method, path) => {
    const body =
      method === 'PATCH'
        ? patch({ op: 'add', path: 'displayName', value: 'x' }).body
        : method === 'PUT'
          ? { userName: 'x@y' }
          : undefined;
    expect(await scim.call(method, path, { body })).toMatchObject(errorOf(404));
  });

  it('a method a resource does not take is 405; a body beyond the limit 413; a non-JSON media type 415', async () => {
    expect(await scim.call('DELETE', 'Users')).toMatchObject(errorOf(405));
    expect(await scim.call('POST', 'ServiceProviderConfig', { body: {} })).toMatchObject(
      errorOf(405),
    );
    const big = await scim.call('POST', 'Users', {
      body: { userName: 'x@y', title: 'x'.repeat(scim.dependencies.config.maxBodyBytes) },
    });
    expect(big).toMatchObject(errorOf(413));
    const xml = await scim.call('POST', 'Users', { rawBody: '<user/>', contentType: 'text/xml' });
    expect(xml).toMatchObject(errorOf(415));
  });

  it('an unexpected failure is a 500 SCIM error, logged by error name only', async () => {
    const broken = {
      ...scim.dependencies,
      directory: {
        getUser: () => Promise.reject(Object.assign(new Error('secret detail'), { name: 'Boom' })),
      },
    } as unknown as typeof scim.dependencies;
    const result = await handleScimRequest(
      proxyEvent('GET', `Users/${userId}`, scim.secret),
      broken,
    );
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toMatchObject({ schemas: [SCIM_SCHEMA.error], status: '500' });
    const line = scim.logLines.find((text) => text.includes('scim request failed'))!;
    expect(line).toContain('"errorName":"Boom"');
    expect(line).not.toContain('secret detail');
  });
});

describe('the bearer secret', () => {
  it.each([
    ['no Authorization header', null],
    ['an empty header', ''],
    ['a wrong secret of the right length', `Bearer ${'A'.repeat(43)}`],
    ['the right secret with one character changed', 'CHANGED'],
    ['the right secret as Basic', 'BASIC'],
    ['a short secret', 'Bearer abc'],
    ['the right secret with trailing text', 'TRAILING'],
  ])(
    '%s → 401 SCIM error with WWW-Authenticate, and nothing is read or written',
    async (_name, header) => {
      const authorization =
        header === 'CHANGED'
          ? `Bearer ${scim.secret.slice(0, -1)}${scim.secret.endsWith('A') ? 'B' : 'A'}`
          : header === 'BASIC'
            ? `Basic ${scim.secret}`
            : header === 'TRAILING'
              ? `Bearer ${scim.secret} extra`
              : header;
      const answer = await scim.call('POST', 'Users', {
        authorization,
        body: { userName: 'intruder@contoso.example' },
      });
      expect(answer).toMatchObject(errorOf(401));
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(await scim.store.findUserByUserName('intruder@contoso.example')).toBeUndefined();
    },
  );

  it('is accepted whatever the case of the scheme', async () => {
    const answer = await scim.call('GET', 'ServiceProviderConfig', {
      authorization: `bearer ${scim.secret}`,
    });
    expect(answer.status).toBe(200);
  });

  it('during a rotation both the old and the new secret are accepted; after it only the new one', async () => {
    const next = 'n'.repeat(20) + scim.secret.slice(20);
    const call = (tokens: StaticTokenHashes, secret: string) =>
      handleScimRequest(proxyEvent('GET', 'ServiceProviderConfig', secret), {
        ...scim.dependencies,
        tokens,
      });
    const during = new StaticTokenHashes([sha256Hex(scim.secret), sha256Hex(next)]);
    expect((await call(during, scim.secret)).statusCode).toBe(200);
    expect((await call(during, next)).statusCode).toBe(200);
    const after = new StaticTokenHashes([sha256Hex(next)]);
    expect((await call(after, scim.secret)).statusCode).toBe(401);
    expect((await call(after, next)).statusCode).toBe(200);
  });

  it('with no accepted secret configured every call is refused and the misconfiguration is logged', async () => {
    const result = await handleScimRequest(proxyEvent('GET', 'Users', scim.secret), {
      ...scim.dependencies,
      tokens: new StaticTokenHashes([]),
    });
    expect(result.statusCode).toBe(401);
    expect(scim.logLines.some((line) => line.includes('SCIM has no accepted secret'))).toBe(true);
  });
});

describe('PATCH forms on users', () => {
  it('a path-less replace whose value maps attribute paths (Entra with the flag) sets each', async () => {
    const answer = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch({
        op: 'replace',
        value: {
          displayName: 'Hank H',
          'name.givenName': 'Hank',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter': 'CC-7',
          title: 'Analyst',
        },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      displayName: 'Hank H',
      name: { givenName: 'Hank' },
      title: 'Analyst',
      [SCIM_SCHEMA.enterpriseUser]: { costCenter: 'CC-7' },
    });
  });

  it('attribute names and ops are case-insensitive; an Add of a work e-mail the user lacks creates it', async () => {
    const answer = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch(
        { op: 'ADD', path: 'Emails[Type eq "work"].Value', value: 'hank@contoso.example' },
        { op: 'add', path: 'NAME.FAMILYNAME', value: 'Hill' },
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.emails).toEqual([{ type: 'work', value: 'hank@contoso.example' }]);
    expect(answer.body.name).toEqual({ givenName: 'Hank', familyName: 'Hill' });
  });

  it('the manager (as Entra sends it, a bare id) is kept as { value }; remove clears an attribute', async () => {
    const set = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch({
        op: 'Add',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
        value: userId,
      }),
    );
    expect(set.body[SCIM_SCHEMA.enterpriseUser].manager).toEqual({ value: userId });
    const cleared = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch({ op: 'Remove', path: 'title' }),
    );
    expect(cleared.body.title).toBeUndefined();
    expect(cleared.body.displayName).toBe('Hank H');
  });

  it('a PATCH that fails halfway changes nothing (operations apply together or not at all)', async () => {
    const before = (await scim.call('GET', `Users/${otherId}`)).body;
    const answer = await scim.call(
      'PATCH',
      `Users/${otherId}`,
      patch(
        { op: 'Replace', path: 'title', value: 'Changed' },
        { op: 'Replace', path: 'nope', value: 1 },
      ),
    );
    expect(answer.status).toBe(400);
    expect((await scim.call('GET', `Users/${otherId}`)).body).toEqual(before);
  });

  it('PUT replaces every kept attribute (those not sent are cleared)', async () => {
    const answer = await scim.call('PUT', `Users/${otherId}`, {
      body: { userName: 'hank@contoso.example', active: false },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      schemas: [SCIM_SCHEMA.user],
      id: otherId,
      userName: 'hank@contoso.example',
      active: false,
      meta: expect.objectContaining({ resourceType: 'User' }),
    });
  });
});

describe('PATCH forms on groups', () => {
  let members: string[];
  let group: string;
  beforeAll(async () => {
    members = [];
    for (const name of ['ivy', 'jay', 'kim', 'lou'])
      members.push(
        (await scim.call('POST', 'Users', { body: { userName: `${name}@contoso.example` } })).body
          .id,
      );
    group = (
      await scim.call('POST', 'Groups', { body: { displayName: 'Writers', externalId: 'w-1' } })
    ).body.id;
  });
  const memberIds = async () => (await scim.store.memberIdsOf(group)).sort();

  it('add, remove by filter, remove by value list, replace and remove-all, in one request, apply in order', async () => {
    const [ivy, jay, kim, lou] = members as [string, string, string, string];
    const answer = await scim.call(
      'PATCH',
      `Groups/${group}`,
      patch(
        { op: 'Add', path: 'members', value: [{ value: ivy }, { value: jay }, { value: kim }] },
        { op: 'Remove', path: `members[value eq "${ivy}"]` },
        { op: 'Remove', path: 'members', value: [{ value: jay }] },
      ),
    );
    expect(answer.status).toBe(204);
    expect(await memberIds()).toEqual([kim]);
    await scim.call(
      'PATCH',
      `Groups/${group}`,
      patch({ op: 'Replace', path: 'members', value: [{ value: lou }, { value: ivy }] }),
    );
    expect(await memberIds()).toEqual([ivy, lou].sort());
    await scim.call('PATCH', `Groups/${group}`, patch({ op: 'remove', path: 'members' }));
    expect(await memberIds()).toEqual([]);
  });

  it('a path-less add with members and displayName changes both; adding a member twice is harmless', async () => {
    const [ivy] = members as [string];
    for (let i = 0; i < 2; i++) {
      const answer = await scim.call(
        'PATCH',
        `Groups/${group}`,
        patch({ op: 'add', value: { members: [{ value: ivy }], displayName: 'Writers (EU)' } }),
      );
      expect(answer.status).toBe(204);
    }
    expect(await memberIds()).toEqual([ivy]);
    const read = await scim.call('GET', `Groups/${group}`);
    expect(read.body).toMatchObject({
      displayName: 'Writers (EU)',
      externalId: 'w-1',
      members: [
        { value: ivy, type: 'User', $ref: expect.stringMatching(new RegExp(`/Users/${ivy}$`)) },
      ],
    });
  });

  it('a group PATCH naming an unknown member changes nothing, not even the display name before it', async () => {
    const before = (await scim.call('GET', `Groups/${group}`)).body;
    const answer = await scim.call(
      'PATCH',
      `Groups/${group}`,
      patch(
        { op: 'Replace', path: 'displayName', value: 'Renamed first' },
        { op: 'Add', path: 'members', value: [{ value: 'ghost' }] },
      ),
    );
    expect(answer).toMatchObject(errorOf(400, 'invalidValue'));
    expect((await scim.call('GET', `Groups/${group}`)).body).toEqual(before);
  });

  it('a group taking another group’s externalId is 409 uniqueness', async () => {
    const other = await scim.call('POST', 'Groups', {
      body: { displayName: 'X', externalId: 'w-1' },
    });
    expect(other).toMatchObject(errorOf(409, 'uniqueness'));
  });

  it('PUT with members replaces the membership', async () => {
    const [, jay] = members as [string, string];
    const answer = await scim.call('PUT', `Groups/${group}`, {
      body: { displayName: 'Writers', externalId: 'w-1', members: [{ value: jay }] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.members.map((member: { value: string }) => member.value)).toEqual([jay]);
  });
});

describe('queries', () => {
  it('filters users by userName (any case), externalId and id; groups by displayName, externalId and id', async () => {
    const byName = await scim.call('GET', 'Users?filter=USERNAME eq "GINA@contoso.example"');
    const byExternal = await scim.call('GET', 'Users?filter=externalId eq "gina"');
    const byId = await scim.call('GET', `Users?filter=id eq "${userId}"`);
    for (const answer of [byName, byExternal, byId]) {
      expect(answer.body.totalResults).toBe(1);
      expect(answer.body.Resources[0].id).toBe(userId);
    }
    // externalId is case-exact.
    expect((await scim.call('GET', 'Users?filter=externalId eq "GINA"')).body.totalResults).toBe(0);
    // A longer name sharing the prefix up to a `#` is not a match.
    await scim.call('POST', 'Groups', { body: { displayName: 'Readers#2' } });
    const group = await scim.call('GET', 'Groups?filter=displayName eq "readers"');
    expect(group.body.Resources.map((found: { id: string }) => found.id)).toEqual([groupId]);
  });

  it('pages with startIndex and count (RFC 7644 §3.4.2.4): total, 1-based index, count capped', async () => {
    const all = await scim.call('GET', 'Users');
    const total = all.body.totalResults as number;
    expect(total).toBeGreaterThanOrEqual(6);
    const names = all.body.Resources.map((user: { userName: string }) => user.userName);
    expect(names).toEqual([...names].sort());
    const second = await scim.call('GET', 'Users?startIndex=3&count=2');
    expect(second.body).toMatchObject({ totalResults: total, startIndex: 3, itemsPerPage: 2 });
    expect(second.body.Resources.map((user: { userName: string }) => user.userName)).toEqual(
      names.slice(2, 4),
    );
    const zero = await scim.call('GET', 'Users?startIndex=0&count=0');
    expect(zero.body).toMatchObject({ totalResults: total, startIndex: 1, itemsPerPage: 0 });
    const past = await scim.call('GET', `Users?startIndex=${total + 1}`);
    expect(past.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    const capped = await scim.call('GET', 'Users?count=100000');
    expect(capped.body.itemsPerPage).toBeLessThanOrEqual(SCIM_MAX_RESULTS);
  });
});

describe('discovery', () => {
  it('ServiceProviderConfig says what is supported: PATCH and filter yes, bulk, sort and ETags no', async () => {
    const answer = await scim.call('GET', 'ServiceProviderConfig');
    expect(answer.body).toMatchObject({
      schemas: [SCIM_SCHEMA.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
  });

  it('ResourceTypes lists User (with the enterprise extension) and Group; Schemas lists the three schemas', async () => {
    const types = await scim.call('GET', 'ResourceTypes');
    expect(types.body.Resources.map((type: { id: string }) => type.id)).toEqual(['User', 'Group']);
    expect((await scim.call('GET', 'ResourceTypes/user')).body.schemaExtensions).toEqual([
      { schema: SCIM_SCHEMA.enterpriseUser, required: false },
    ]);
    const schemas = await scim.call('GET', 'Schemas');
    expect(schemas.body.Resources.map((schema: { id: string }) => schema.id)).toEqual([
      SCIM_SCHEMA.user,
      SCIM_SCHEMA.enterpriseUser,
      SCIM_SCHEMA.group,
    ]);
    const user = await scim.call('GET', `Schemas/${SCIM_SCHEMA.user}`);
    expect(user.body.attributes.find((a: { name: string }) => a.name === 'userName')).toMatchObject(
      {
        required: true,
        uniqueness: 'server',
      },
    );
  });
});

describe('logging', () => {
  it('one line per request with method, resource, status and scimType; never a userName, body or the secret', async () => {
    scim.logLines.length = 0;
    await scim.call('POST', 'Users', { body: { userName: 'secret-name@contoso.example' } });
    await scim.call('GET', 'Users?filter=userName co "x"');
    const lines = scim.logLines.join('\n');
    expect(scim.logLines).toHaveLength(2);
    expect(JSON.parse(scim.logLines[0]!)).toMatchObject({
      method: 'POST',
      resource: 'users',
      status: 201,
    });
    expect(JSON.parse(scim.logLines[1]!)).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect(lines).not.toContain('secret-name');
    expect(lines).not.toContain(scim.secret);
  });
});
