import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf, keyIdOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `DELETE /keys/{keyId}`: revokes one of the caller's keys (404 for anyone else's). */
export const revokeOwnApiKey: ApiRoute<UsageApiDependencies> = {
  method: 'DELETE',
  path: '/keys/{keyId}',
  handle: async ({ caller, event }, dependencies) => ({
    data: await apiKeysOf(dependencies).revokeOwn(caller, keyIdOf(event)),
  }),
};
