import type { ApiError } from '../../shared/api-error.ts';
import { resolveChatModel } from '../access.ts';
import {
  bufferedChunk,
  converseOnce,
  converseParts,
  translatedChunks,
} from '../compat/converse-calls.ts';
import { compatWorstCase } from '../compat/converse-input.ts';
import { openAiErrorBody } from '../compat/errors.ts';
import { openAiChatSchema, openAiToConverse } from '../compat/openai-request.ts';
import { chatCompletion, OpenAiChunks } from '../compat/openai-response.ts';
import { SSE_CONTENT_TYPE, sseData } from '../compat/sse.ts';
import { readJsonBody, validate } from '../request.ts';
import { OPENAI_FORMAT } from './answer-formats.ts';
import type { StreamingRoute } from './route.ts';

/**
 * `POST /openai/v1/chat/completions`: one path for both answers, served by the streaming
 * function: `stream: true` writes `chat.completion.chunk` events, otherwise one JSON answer.
 */
export const openAiChatCompletions: StreamingRoute = {
  method: 'POST',
  path: '/openai/v1/chat/completions',
  format: OPENAI_FORMAT,
  open: async (invocation, event, context, call) => {
    const { config, catalog, clients } = context;
    const body = validate(openAiChatSchema, readJsonBody(event, config.maxBodyBytes));
    const entry = resolveChatModel(catalog, body.model, invocation.caller(), 'model');
    invocation.entry = entry;
    const input = openAiToConverse(body, entry, {
      minSystemChars: config.promptCacheMinSystemChars,
    });
    await invocation.reserve(compatWorstCase(input));
    const identity = {
      id: `chatcmpl-${invocation.requestId}`,
      created: Math.floor(Date.now() / 1000),
      model: body.model,
    };
    const failed = (error: ApiError) => sseData(openAiErrorBody(error));
    if (!body.stream)
      return {
        contentType: 'application/json',
        chunks: bufferedChunk(
          () => converseOnce(clients.bedrock, input, call),
          (output) => chatCompletion(output, identity),
        ),
        failed,
      };
    const translator = new OpenAiChunks(identity, body.stream_options?.include_usage ?? false);
    return {
      contentType: SSE_CONTENT_TYPE,
      chunks: translatedChunks(converseParts(clients.bedrock, input, call), translator),
      failed,
    };
  },
};
