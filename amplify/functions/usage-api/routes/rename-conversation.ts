import type { ApiRoute } from '../../shared/api-router.ts';
import { parseJsonBody } from '../../shared/json-body.ts';
import { parseConversationId, renameConversationSchema } from '../conversations.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `PATCH /history/conversations/{conversationId}` `{ title }`: renames a conversation. */
export const renameConversation: ApiRoute<UsageApiDependencies> = {
  method: 'PATCH',
  path: '/history/conversations/{conversationId}',
  handle: async ({ caller, event }, { config, conversations }) => ({
    data: await conversations.rename(
      caller.sub,
      parseConversationId(event.pathParameters?.['conversationId']),
      parseJsonBody(event, renameConversationSchema, config.maxBodyBytes).title,
    ),
  }),
};
