import type { ApiRoute } from '../../shared/api-router.ts';
import { parseConversationId } from '../conversations.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `GET /history/conversations/{conversationId}`: one of the caller's conversations. */
export const getConversation: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/history/conversations/{conversationId}',
  handle: async ({ caller, event }, { conversations }) => ({
    data: await conversations.get(
      caller.sub,
      parseConversationId(event.pathParameters?.['conversationId']),
    ),
  }),
};
