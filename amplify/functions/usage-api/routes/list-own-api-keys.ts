import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `GET /keys`: the caller's keys (never a secret) and the limits a new key must keep. */
export const listOwnApiKeys: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/keys',
  handle: async ({ caller }, dependencies) => {
    const keys = apiKeysOf(dependencies);
    return {
      data: {
        keys: await keys.listOwn(caller),
        limits: {
          defaultExpiryDays: keys.settings.defaultExpiryDays,
          maxExpiryDays: keys.settings.maxExpiryDays,
        },
      },
    };
  },
};
