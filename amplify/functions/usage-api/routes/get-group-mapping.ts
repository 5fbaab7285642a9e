import type { GroupMappingDocument } from '../../../contract/group-mapping.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { groupMappingOf, requireSignedInAdministrator } from '../group-mapping-routes.ts';

/** `GET /admin/group-mapping`: the table and its version (the default, version 0, until edited). */
export const getGroupMapping: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/admin/group-mapping',
  handle: async ({ caller }, dependencies) => {
    requireSignedInAdministrator(caller);
    const mapping: GroupMappingDocument = await groupMappingOf(dependencies).read();
    return { data: mapping };
  },
};
