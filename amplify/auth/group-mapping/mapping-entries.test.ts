import { describe, expect, it } from 'vitest';

import type { GroupMappingEntry } from '../../contract/group-mapping.ts';
import { entriesOfTable, mappingChanges, tableOfEntries } from './mapping-entries.ts';
import { GROUP_MAPPING } from './mapping-table.ts';

describe('the two forms of the group mapping', () => {
  it('seeds the entries from the committed table and turns them back into the same lookups', () => {
    const entries = entriesOfTable(GROUP_MAPPING);
    expect(entries).toEqual([
      { source: 'appRole', value: 'MLGateway.Administrators', group: 'Administrators' },
      { source: 'appRole', value: 'MLGateway.Users', group: 'MLUsers' },
      { source: 'appRole', value: 'MLGateway.ReadOnly', group: 'ReadOnly' },
    ]);
    expect(tableOfEntries(entries)).toMatchObject({
      appRoles: GROUP_MAPPING.appRoles,
      groupObjectIds: {},
      groupDisplayNames: {},
    });
  });

  it('keeps object ids lower-case, the first of two rows for one value, and claims by row', () => {
    const table = tableOfEntries([
      {
        source: 'groupObjectId',
        value: 'ABCDEF01-0000-4000-8000-000000000001',
        group: 'MLUsers',
        costCentre: 'CC-1',
      },
      {
        source: 'groupObjectId',
        value: 'abcdef01-0000-4000-8000-000000000001',
        group: 'Administrators',
      },
      { source: 'groupDisplayName', value: 'ML Gateway Admins', group: 'Administrators' },
    ]);
    expect(table.groupObjectIds).toEqual({ 'abcdef01-0000-4000-8000-000000000001': 'MLUsers' });
    expect(table.groupDisplayNames).toEqual({ 'ML Gateway Admins': 'Administrators' });
    expect(table.claims?.groupObjectIds).toEqual({
      'abcdef01-0000-4000-8000-000000000001': { costCentre: 'CC-1' },
    });
  });
});

describe('mappingChanges', () => {
  const users: GroupMappingEntry = {
    source: 'appRole',
    value: 'MLGateway.Users',
    group: 'MLUsers',
  };
  const readOnly: GroupMappingEntry = {
    source: 'appRole',
    value: 'MLGateway.ReadOnly',
    group: 'ReadOnly',
  };

  it('lists what was added, changed and removed, and nothing for an entry left as it was', () => {
    const added: GroupMappingEntry = {
      source: 'groupDisplayName',
      value: 'Finance',
      group: 'ReadOnly',
      costCentre: 'CC-9',
    };
    expect(
      mappingChanges(
        [users, readOnly],
        [{ ...users, group: 'Administrators', department: 'it' }, added],
      ),
    ).toEqual([
      { item: 'appRole:MLGateway.Users', before: 'MLUsers', after: 'Administrators department=it' },
      { item: 'groupDisplayName:Finance', after: 'ReadOnly costCentre=CC-9' },
      { item: 'appRole:MLGateway.ReadOnly', before: 'ReadOnly' },
    ]);
    expect(mappingChanges([users], [users])).toEqual([]);
  });
});
