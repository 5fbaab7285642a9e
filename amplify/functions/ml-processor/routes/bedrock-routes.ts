import { messagesRoute } from './anthropic-messages.ts';
import { anthropicModelsRoute } from './anthropic-models.ts';
import { converseRoute, converseStreamRoute } from './bedrock.ts';
import { listModels } from './models.ts';
import { chatCompletionsRoute } from './openai-chat.ts';
import { openAiModelsRoute } from './openai-models.ts';
import type { RouteSet } from './route.ts';

/**
 * The Bedrock functions' routes: Converse and ConverseStream, natively and through the
 * OpenAI- and Anthropic-compatible paths, and the model lists (catalog only, no SDK call).
 * `target: 'bedrock'` in amplify/contract/routes.ts.
 */
export const BEDROCK_ROUTES: RouteSet = {
  buffered: new Map([
    ['GET /ml/models', listModels],
    ['POST /ml/bedrock', converseRoute],
    ['GET /openai/v1/models', openAiModelsRoute],
    ['GET /anthropic/v1/models', anthropicModelsRoute],
  ]),
  streams: new Map([['POST /ml/bedrock/stream', converseStreamRoute]]),
  wireStreams: new Map([
    ['POST /openai/v1/chat/completions', chatCompletionsRoute],
    ['POST /anthropic/v1/messages', messagesRoute],
  ]),
};
