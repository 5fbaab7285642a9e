import type { ApiRoute } from '../../shared/api-router.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `GET /history/conversations?cursor`: one page of the caller's conversations. */
export const listConversations: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/history/conversations',
  handle: async ({ caller, event }, { conversations }) => ({
    data: await conversations.list(caller.sub, event.queryStringParameters?.['cursor']),
  }),
};
