import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `GET /admin/keys`: every user's keys with their owners (Administrators). */
export const listAllApiKeys: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/admin/keys',
  handle: async ({ caller }, dependencies) => ({
    data: { keys: await apiKeysOf(dependencies).listAll(caller) },
  }),
};
