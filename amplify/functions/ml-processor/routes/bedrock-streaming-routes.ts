import { anthropicMessages } from './anthropic-messages.ts';
import { openAiChatCompletions } from './openai-chat-completions.ts';
import type { StreamingRoute } from './route.ts';
import { streamBedrock } from './stream-bedrock.ts';

/**
 * The streaming Bedrock function's routes (bedrock-stream-handler.ts): ConverseStream, natively
 * and through the OpenAI- and Anthropic-compatible chat paths (which answer buffered or
 * streamed as the request asks). `target: 'bedrock'` in amplify/contract/routes.ts.
 */
export const BEDROCK_STREAMING_ROUTES: readonly StreamingRoute[] = [
  streamBedrock,
  openAiChatCompletions,
  anthropicMessages,
];
