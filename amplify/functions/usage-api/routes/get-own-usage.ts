import type { ApiRoute } from '../../shared/api-router.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `GET /usage/me`: the caller's own usage and budgets. */
export const getOwnUsage: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/usage/me',
  handle: async ({ caller }, { usage }) => ({ data: await usage.ownUsage(caller) }),
};
