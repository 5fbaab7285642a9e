import { anthropicMessages } from './anthropic-messages.ts';
import { createOpenAiEmbeddings } from './create-openai-embeddings.ts';
import { invokeBedrock } from './invoke-bedrock.ts';
import { listAnthropicModels } from './list-anthropic-models.ts';
import { listModels } from './list-models.ts';
import { listOpenAiModels } from './list-openai-models.ts';
import { openAiChatCompletions } from './openai-chat-completions.ts';
import type { ProcessorRoute } from './route.ts';
import { streamBedrock } from './stream-bedrock.ts';

/**
 * The Bedrock functions' routes: Converse and ConverseStream, natively and through the
 * OpenAI- and Anthropic-compatible paths, OpenAI-compatible embeddings, and the model lists (catalog only, no SDK call).
 * `target: 'bedrock'` in amplify/contract/routes.ts; the buffered function serves the
 * buffered ones, the streaming function the streaming ones.
 */
export const BEDROCK_ROUTES: readonly ProcessorRoute[] = [
  listModels,
  invokeBedrock,
  listOpenAiModels,
  createOpenAiEmbeddings,
  listAnthropicModels,
  streamBedrock,
  openAiChatCompletions,
  anthropicMessages,
];
