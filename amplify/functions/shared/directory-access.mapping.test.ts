/** `currentAccess` over the stored group mapping: a source read on each decision (cached by it). */
import { describe, expect, it, vi } from 'vitest';

import type { GroupMappingTable } from '../../auth/group-mapping/mapping-table.ts';
import { currentAccess } from './directory-access.ts';
import type { DirectoryStore } from './directory-store.ts';

/** A directory holding one active user in one group (the store's three reads only). */
const directory = {
  findUserByUserName: async () => ({ id: 'u1', userName: 'alice@contoso.example', active: true }),
  groupIdsOf: async () => ['g1'],
  getGroups: async () => [
    { id: 'g1', displayName: 'Data Science', externalId: '0f0f0f0f-0000-4000-8000-000000000001' },
  ],
} as unknown as DirectoryStore;

describe('currentAccess with a mapping source', () => {
  it('asks the source on each decision, so an edited mapping applies once the source has it', async () => {
    let table: GroupMappingTable = {
      appRoles: {},
      groupObjectIds: {},
      groupDisplayNames: { 'Data Science': 'ReadOnly' },
    };
    const source = vi.fn(async () => table);
    expect(
      (await currentAccess(directory, 'EntraID_alice@contoso.example', source)).groups,
    ).toEqual(['ReadOnly']);
    table = {
      appRoles: {},
      groupObjectIds: { '0f0f0f0f-0000-4000-8000-000000000001': 'MLUsers' },
      groupDisplayNames: {},
    };
    expect(
      (await currentAccess(directory, 'EntraID_alice@contoso.example', source)).groups,
    ).toEqual(['MLUsers']);
    expect(source).toHaveBeenCalledTimes(2);
  });

  it('gives the claims of the user’s groups’ rows: an object-id row before a display-name row', async () => {
    const access = await currentAccess(directory, 'EntraID_alice@contoso.example', {
      appRoles: {},
      groupObjectIds: { '0f0f0f0f-0000-4000-8000-000000000001': 'MLUsers' },
      groupDisplayNames: { 'Data Science': 'MLUsers' },
      claims: {
        groupObjectIds: { '0f0f0f0f-0000-4000-8000-000000000001': { department: 'research' } },
        groupDisplayNames: { 'Data Science': { department: 'ignored', costCentre: 'cc-42' } },
      },
    });
    expect(access.claims).toEqual({ department: 'research', costCentre: 'cc-42' });
  });
});
