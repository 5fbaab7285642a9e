import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { GroupMappingStore } from '../../auth/group-mapping/group-mapping-store.ts';
import { GROUP_MAPPING_ENV } from '../../auth/group-mapping/group-mapping-table-definition.ts';
import { ADMIN_GROUP } from '../../contract/groups.ts';
import { ApiError } from '../shared/api-error.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import type { UsageApiDependencies } from './dependencies.ts';

/** The mapping store where `GROUP_MAPPING_TABLE_NAME` is set. */
export function groupMappingStoreFrom(
  env: NodeJS.ProcessEnv,
  client: DynamoDBDocumentClient,
  now: () => Date,
): { groupMapping?: GroupMappingStore } {
  const tableName = env[GROUP_MAPPING_ENV.table];
  return tableName ? { groupMapping: new GroupMappingStore({ client, tableName, now }) } : {};
}

/** The mapping store; 404 where the deployment configures no mapping table. */
export function groupMappingOf(dependencies: UsageApiDependencies): GroupMappingStore {
  if (!dependencies.groupMapping)
    throw new ApiError(404, 'ROUTE_NOT_FOUND', 'No group-mapping table in this deployment');
  return dependencies.groupMapping;
}

/**
 * Only a signed-in Administrator: the authorizer already refuses everyone else and every API
 * key (`signedInOnly`); checked again here.
 */
export function requireSignedInAdministrator(caller: Caller): void {
  if (!caller.groups.includes(ADMIN_GROUP) || caller.apiKey)
    throw new ApiError(
      403,
      'FORBIDDEN',
      'Only Administrators, signed in to the app, may read or edit the group mapping',
    );
}
