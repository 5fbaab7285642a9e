import type { ApiError } from '../../shared/api-error.ts';
import { resolveChatModel } from '../access.ts';
import { anthropicMessagesSchema, anthropicToConverse } from '../compat/anthropic-request.ts';
import { AnthropicEvents, anthropicMessage } from '../compat/anthropic-response.ts';
import {
  bufferedChunk,
  converseOnce,
  converseParts,
  translatedChunks,
} from '../compat/converse-calls.ts';
import { compatWorstCase } from '../compat/converse-input.ts';
import { anthropicErrorBody } from '../compat/errors.ts';
import { SSE_CONTENT_TYPE, sseEvent } from '../compat/sse.ts';
import { readJsonBody, validate } from '../request.ts';
import { ANTHROPIC_FORMAT } from './answer-formats.ts';
import type { StreamingRoute } from './route.ts';

/**
 * `POST /anthropic/v1/messages`: one path for both answers, served by the streaming function:
 * `stream: true` writes the Messages stream events, otherwise one JSON message.
 */
export const anthropicMessages: StreamingRoute = {
  method: 'POST',
  path: '/anthropic/v1/messages',
  format: ANTHROPIC_FORMAT,
  open: async (invocation, event, context, call) => {
    const { config, catalog, clients } = context;
    const body = validate(anthropicMessagesSchema, readJsonBody(event, config.maxBodyBytes));
    const entry = resolveChatModel(catalog, body.model, invocation.caller(), 'model');
    invocation.entry = entry;
    const input = anthropicToConverse(body, entry);
    await invocation.reserve(compatWorstCase(input));
    const identity = { id: `msg_${invocation.requestId.replaceAll('-', '')}`, model: body.model };
    const failed = (error: ApiError) => sseEvent('error', anthropicErrorBody(error));
    if (!body.stream)
      return {
        contentType: 'application/json',
        chunks: bufferedChunk(
          () => converseOnce(clients.bedrock, input, call),
          (output) => anthropicMessage(output, identity),
        ),
        failed,
      };
    return {
      contentType: SSE_CONTENT_TYPE,
      chunks: translatedChunks(
        converseParts(clients.bedrock, input, call),
        new AnthropicEvents(identity),
      ),
      failed,
    };
  },
};
