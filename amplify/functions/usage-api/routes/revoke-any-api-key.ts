import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf, keyIdOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `DELETE /admin/keys/{keyId}`: revokes anyone's key (Administrators). */
export const revokeAnyApiKey: ApiRoute<UsageApiDependencies> = {
  method: 'DELETE',
  path: '/admin/keys/{keyId}',
  handle: async ({ caller, event }, dependencies) => ({
    data: await apiKeysOf(dependencies).revokeAny(caller, keyIdOf(event)),
  }),
};
