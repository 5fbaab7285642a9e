import type { ApiRoute } from '../../shared/api-router.ts';
import { parseJsonBody } from '../../shared/json-body.ts';
import { parseConversationId, saveConversationSchema } from '../conversations.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `PUT /history/conversations/{conversationId}`: creates or replaces a conversation. */
export const saveConversation: ApiRoute<UsageApiDependencies> = {
  method: 'PUT',
  path: '/history/conversations/{conversationId}',
  handle: async ({ caller, event }, { config, conversations }) => ({
    data: await conversations.save(
      caller.sub,
      parseConversationId(event.pathParameters?.['conversationId']),
      parseJsonBody(
        event,
        saveConversationSchema(config.maxMessagesPerConversation),
        config.maxBodyBytes,
      ),
    ),
  }),
};
