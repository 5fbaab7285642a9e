import { errorBody } from '../../shared/envelope.ts';
import { ANTHROPIC_FORMAT, messagesRoute } from './anthropic-messages.ts';
import { anthropicModelsRoute } from './anthropic-models.ts';
import { converseRoute, converseStreamRoute } from './bedrock.ts';
import { jobStatusRoute } from './job-status.ts';
import { listModels } from './models.ts';
import { chatCompletionsRoute, OPENAI_FORMAT } from './openai-chat.ts';
import { embeddingsRoute } from './openai-embeddings.ts';
import { openAiModelsRoute } from './openai-models.ts';
import type { AnswerFormat, BufferedRoute, StreamRoute, WireStreamRoute } from './route.ts';
import { invokeRoute, invokeStreamRoute } from './sagemaker.ts';

/** The buffered routes, by `METHOD /resource` (docs/api.md, docs/programmatic-access.md). */
export const BUFFERED_ROUTES: ReadonlyMap<string, BufferedRoute> = new Map([
  ['GET /ml/models', listModels],
  ['POST /ml/bedrock', converseRoute],
  ['POST /ml/sagemaker', invokeRoute],
  ['GET /ml/sagemaker/jobs/{jobId}', jobStatusRoute],
  ['GET /openai/v1/models', openAiModelsRoute],
  ['POST /openai/v1/embeddings', embeddingsRoute],
  ['GET /anthropic/v1/models', anthropicModelsRoute],
]);

/** The streaming routes that answer NDJSON `StreamEvent`s, by `METHOD /resource`. */
export const STREAM_ROUTES: ReadonlyMap<string, StreamRoute> = new Map([
  ['POST /ml/bedrock/stream', converseStreamRoute],
  ['POST /ml/sagemaker/stream', invokeStreamRoute],
]);

/** The streaming routes that write their own wire format (the compatible APIs). */
export const WIRE_STREAM_ROUTES: ReadonlyMap<string, WireStreamRoute> = new Map([
  ['POST /openai/v1/chat/completions', chatCompletionsRoute],
  ['POST /anthropic/v1/messages', messagesRoute],
]);

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
