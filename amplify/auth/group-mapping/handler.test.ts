import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { GROUP_CLAIMS_METRIC } from './group-claims-metric.ts';
import { handler } from './handler.ts';
import { mapEntraIdentity, parseMultiValue } from './map-claims.ts';
import { GROUP_MAPPING, type GroupMappingTable } from './mapping-table.ts';

const ENTRA_IDENTITY = JSON.stringify([
  { userId: 'alice@example.com', providerName: 'EntraID', providerType: 'SAML', primary: 'true' },
]);

/** A V2_0 pre-token-generation event as Cognito sends it for a hosted-UI sign-in. */
function event(
  userAttributes: Record<string, string>,
  groupsToOverride: string[] = [],
): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Abc123',
    userName: 'EntraID_alice@example.com',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: {
      userAttributes: { sub: 'sub-1', ...userAttributes },
      groupConfiguration: { groupsToOverride, iamRolesToOverride: [], preferredRole: undefined },
      scopes: ['openid', 'email', 'profile'],
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

const table: GroupMappingTable = {
  appRoles: { 'MLGateway.Users': 'MLUsers', 'MLGateway.Administrators': 'Administrators' },
  groupObjectIds: { '5f0c6f3e-1111-4a4a-9b9b-000000000001': 'ReadOnly' },
};

describe('the group-mapping trigger', () => {
  it('puts the groups mapped from Entra app roles into the tokens, and ABAC claims into the access token', async () => {
    const result = await handler(
      event({
        identities: ENTRA_IDENTITY,
        'custom:entra_roles': '[MLGateway.Users]',
        'custom:department': 'research',
      }),
    );
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ['MLUsers'] },
      accessTokenGeneration: { claimsToAddOrOverride: { department: 'research' } },
    });
  });

  it('carries the cost centre from its SAML attribute into the access token as costCentre', async () => {
    const result = await handler(
      event({
        identities: ENTRA_IDENTITY,
        'custom:entra_roles': '[MLGateway.Users]',
        'custom:cost_centre': ' CC-4711 ',
      }),
    );
    expect(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: { costCentre: 'CC-4711' },
    });
  });

  it('ignores a cost centre a native user wrote on their own profile', async () => {
    const result = await handler(event({ 'custom:cost_centre': 'CC-4711' }));
    expect(
      result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({});
  });

  it('maps every app role of the committed table to its Cognito group', async () => {
    for (const [role, group] of Object.entries(GROUP_MAPPING.appRoles)) {
      const result = await handler(
        event({ identities: ENTRA_IDENTITY, 'custom:entra_roles': `[${role}]` }),
      );
      expect(result.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({
        groupsToOverride: [group],
      });
    }
  });

  it('gives a federated user with only unknown values no group at all', async () => {
    const result = await handler(
      event({
        identities: ENTRA_IDENTITY,
        'custom:entra_roles': '[Finance.Approver, Administrators]',
        'custom:entra_groups': '[00000000-0000-0000-0000-000000000000]',
      }),
    );
    expect(result.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({
      groupsToOverride: [],
    });
  });

  it('keeps a native user in the Cognito groups an administrator gave them', async () => {
    const result = await handler(event({}, ['Administrators']));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ['Administrators'] },
      accessTokenGeneration: { claimsToAddOrOverride: {} },
    });
  });
});

describe('mapEntraIdentity', () => {
  it('maps app roles and group object ids through the table and merges them with Cognito groups', () => {
    const mapped = mapEntraIdentity(
      {
        identities: ENTRA_IDENTITY,
        'custom:entra_roles': '[MLGateway.Users]',
        'custom:entra_groups':
          '[5f0c6f3e-1111-4a4a-9b9b-000000000001, 9a9a9a9a-0000-0000-0000-000000000009]',
      },
      ['Administrators'],
      table,
    );
    expect(mapped.groups).toEqual(['Administrators', 'MLUsers', 'ReadOnly']);
    expect(mapped.unmapped).toEqual(['9a9a9a9a-0000-0000-0000-000000000009']);
    expect(mapped.groupOverage).toBe(false);
  });

  it('ignores the Entra attributes of a native user, who could have written them', () => {
    const mapped = mapEntraIdentity(
      { 'custom:entra_roles': '[MLGateway.Administrators]', 'custom:department': 'finance' },
      [],
      table,
    );
    expect(mapped).toEqual({
      groups: [],
      claims: {},
      groupOverage: false,
      groupsTruncated: false,
      unmapped: [],
    });
  });

  it('does not trust an identities attribute from another provider', () => {
    const identities = JSON.stringify([{ providerName: 'Google', providerType: 'Google' }]);
    const mapped = mapEntraIdentity(
      { identities, 'custom:entra_roles': '[MLGateway.Administrators]' },
      [],
      table,
    );
    expect(mapped.groups).toEqual([]);
  });

  it('reports group overage (Entra sent a link instead of the group ids) and still maps app roles', () => {
    const mapped = mapEntraIdentity(
      {
        identities: ENTRA_IDENTITY,
        'custom:entra_roles': '[MLGateway.Administrators]',
        'custom:entra_groups_link': 'https://graph.example.com/v1.0/users/1/getMemberObjects',
      },
      [],
      table,
    );
    expect(mapped.groupOverage).toBe(true);
    expect(mapped.groups).toEqual(['Administrators']);
  });

  it('never grants a group outside the allow-list, even when the table names one', () => {
    const badTable = {
      appRoles: { 'MLGateway.Root': 'Root' },
      groupObjectIds: {},
    } as unknown as GroupMappingTable;
    const mapped = mapEntraIdentity(
      { identities: ENTRA_IDENTITY, 'custom:entra_roles': '[MLGateway.Root]' },
      ['Root'],
      badTable,
    );
    expect(mapped.groups).toEqual([]);
  });

  it('does not match inherited object keys such as "constructor" or "__proto__"', () => {
    const mapped = mapEntraIdentity(
      { identities: ENTRA_IDENTITY, 'custom:entra_roles': '[constructor, __proto__, toString]' },
      [],
      table,
    );
    expect(mapped.groups).toEqual([]);
  });

  it('adds the claims of the matching rows when the SAML assertion carries none, the user’s own first', () => {
    const withClaims: GroupMappingTable = {
      ...table,
      claims: {
        appRoles: { 'MLGateway.Users': { department: 'sales', costCentre: 'CC-1' } },
        groupObjectIds: { '5f0c6f3e-1111-4a4a-9b9b-000000000001': { department: 'research' } },
      },
    };
    const attributes = {
      identities: ENTRA_IDENTITY,
      'custom:entra_roles': '[MLGateway.Users]',
      // Entra's object ids in any case match the stored (lower-case) ones.
      'custom:entra_groups': '[5F0C6F3E-1111-4A4A-9B9B-000000000001]',
    };
    expect(mapEntraIdentity(attributes, [], withClaims)).toMatchObject({
      groups: ['MLUsers', 'ReadOnly'],
      claims: { department: 'sales', costCentre: 'CC-1' },
    });
    expect(
      mapEntraIdentity({ ...attributes, 'custom:department': 'finance' }, [], withClaims).claims,
    ).toEqual({ department: 'finance', costCentre: 'CC-1' });
  });

  it('takes no claims from a row that grants nothing, nor for a native user', () => {
    const withClaims: GroupMappingTable = {
      appRoles: {},
      groupObjectIds: {},
      claims: { appRoles: { 'MLGateway.Users': { department: 'sales' } } },
    };
    expect(
      mapEntraIdentity(
        { identities: ENTRA_IDENTITY, 'custom:entra_roles': '[MLGateway.Users]' },
        [],
        withClaims,
      ).claims,
    ).toEqual({});
    expect(
      mapEntraIdentity({ 'custom:entra_roles': '[MLGateway.Users]' }, [], {
        ...withClaims,
        appRoles: { 'MLGateway.Users': 'MLUsers' },
      }).claims,
    ).toEqual({});
  });

  it('survives a malformed identities attribute', () => {
    expect(mapEntraIdentity({ identities: '{not json' }, [], table).groups).toEqual([]);
  });
});

describe('parseMultiValue', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['MLGateway.Users', ['MLGateway.Users']],
    ['[MLGateway.Users, MLGateway.ReadOnly]', ['MLGateway.Users', 'MLGateway.ReadOnly']],
    ['["a","b"]', ['a', 'b']],
    ['a,b , ,c', ['a', 'b', 'c']],
  ])('reads %j as %j', (value, expected) => {
    expect(parseMultiValue(value)).toEqual(expected);
  });
});

describe('incomplete groups in the SAML assertion (overage, truncation)', () => {
  afterEach(() => vi.restoreAllMocks());

  /** What the trigger wrote (Powertools' log lines and EMF documents), as JSON. */
  async function run(attributes: Record<string, string>) {
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    const result = await handler(event({ identities: ENTRA_IDENTITY, ...attributes }));
    vi.restoreAllMocks();
    const records = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, records, text: lines.join('') };
  }

  const metricOf = (records: Record<string, unknown>[]) =>
    records.find((record) => record[GROUP_CLAIMS_METRIC.name] !== undefined);

  it('logs GROUP_OVERAGE and emits the metric when Entra sent the groups link instead of the groups', async () => {
    const { result, records, text } = await run({
      'custom:entra_roles': '[MLGateway.Users]',
      'custom:entra_groups_link': 'https://graph.windows.net/tenant/users/alice/getMemberObjects',
    });
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'WARN', reason: 'GROUP_OVERAGE', sub: 'sub-1' }),
    );
    expect(metricOf(records)).toMatchObject({
      [GROUP_CLAIMS_METRIC.name]: 1,
      service: GROUP_CLAIMS_METRIC.service,
      _aws: { CloudWatchMetrics: [{ Namespace: GROUP_CLAIMS_METRIC.namespace }] },
    });
    // What did arrive is still mapped; the link itself is never logged.
    expect(result.response.claimsAndScopeOverrideDetails.groupOverrideDetails).toEqual({
      groupsToOverride: ['MLUsers'],
    });
    expect(text).not.toContain('getMemberObjects');
  });

  it('logs GROUPS_TRUNCATED and emits the metric for a groups attribute cut at 2,048 characters', async () => {
    const ids = Array.from(
      { length: 60 },
      (_, index) => `5f0c6f3e-1111-4a4a-9b9b-${String(index).padStart(12, '0')}`,
    );
    const cut = `[${ids.join(', ')}]`.slice(0, 2048);
    const { records, text } = await run({ 'custom:entra_groups': cut });
    expect(records).toContainEqual(expect.objectContaining({ reason: 'GROUPS_TRUNCATED' }));
    expect(metricOf(records)).toBeDefined();
    expect(text).not.toContain(ids[0]);
  });

  it('logs GROUPS_TRUNCATED for a list whose closing bracket is missing', async () => {
    const { records } = await run({
      'custom:entra_groups': '[5f0c6f3e-1111-4a4a-9b9b-000000000001, 5f0c',
    });
    expect(records).toContainEqual(expect.objectContaining({ reason: 'GROUPS_TRUNCATED' }));
  });

  it('emits nothing for a complete assertion', async () => {
    const { records } = await run({
      'custom:entra_groups': '[5f0c6f3e-1111-4a4a-9b9b-000000000001]',
    });
    expect(metricOf(records)).toBeUndefined();
    expect(records.filter((record) => record['level'] === 'WARN')).toEqual([]);
  });
});
