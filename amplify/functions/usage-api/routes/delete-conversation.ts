import type { ApiRoute } from '../../shared/api-router.ts';
import { parseConversationId } from '../conversations.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `DELETE /history/conversations/{conversationId}`: deletes a conversation. */
export const deleteConversation: ApiRoute<UsageApiDependencies> = {
  method: 'DELETE',
  path: '/history/conversations/{conversationId}',
  handle: async ({ caller, event }, { conversations }) => {
    const conversationId = parseConversationId(event.pathParameters?.['conversationId']);
    await conversations.delete(caller.sub, conversationId);
    return { data: { conversationId, deleted: true } };
  },
};
