import type { GroupMappingTable } from '../../amplify/auth/group-mapping/mapping-table.ts';

/**
 * The group mapping local mode stores when it starts with decisions on the directory
 * (`DIRECTORY_ACCESS=on`; local/directory/group-mapping-table.ts): the committed app roles, and the groups of the SCIM fixtures
 * (tests/fixtures/scim), so `npm run scim -- <fixture>` with `DIRECTORY_ACCESS=on` grants what
 * a tenant's mapping would.
 */
export const LOCAL_GROUP_MAPPING: GroupMappingTable = {
  appRoles: {
    'MLGateway.Administrators': 'Administrators',
    'MLGateway.Users': 'MLUsers',
    'MLGateway.ReadOnly': 'ReadOnly',
  },
  groupObjectIds: {
    // "ML Gateway Users" of the fixtures.
    '5d3c5a38-0a2f-4d5e-9d0b-2c6c1b7e8f10': 'MLUsers',
  },
  groupDisplayNames: { 'ML Gateway Admins': 'Administrators' },
};
