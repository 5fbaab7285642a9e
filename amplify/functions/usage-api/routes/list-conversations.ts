import type { ApiRoute } from '../../shared/api-router.ts';
import { parseSearch } from '../conversations.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/**
 * `GET /history/conversations?cursor&q`: one page of the caller's conversations; with `q`, those
 * whose title or messages contain it.
 */
export const listConversations: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/history/conversations',
  handle: async ({ caller, event }, { conversations }) => ({
    data: await conversations.list(
      caller.sub,
      event.queryStringParameters?.['cursor'],
      parseSearch(event.queryStringParameters?.['q']),
    ),
  }),
};
