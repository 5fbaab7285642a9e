import { errorBody } from '../../shared/envelope.ts';
import { ANTHROPIC_FORMAT } from './anthropic-messages.ts';
import { OPENAI_FORMAT } from './openai-chat.ts';
import type { AnswerFormat } from './route.ts';

// The route tables are per provider: bedrock-routes.ts and sagemaker-routes.ts.

/** The API envelope (docs/api.md): `{ success, data | error, requestId }`. */
export const ENVELOPE_FORMAT: AnswerFormat = {
  success: (data, requestId) => ({ success: true, data, requestId }),
  error: (error, requestId) => ({ success: false, error: errorBody(error), requestId }),
};

/** The answer format of a route (by `METHOD /resource`): each compatible API has its own. */
export function answerFormatFor(route: string): AnswerFormat {
  const path = route.slice(route.indexOf(' ') + 1);
  if (path.startsWith('/openai/')) return OPENAI_FORMAT;
  if (path.startsWith('/anthropic/')) return ANTHROPIC_FORMAT;
  return ENVELOPE_FORMAT;
}
