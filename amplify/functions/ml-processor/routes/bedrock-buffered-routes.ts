import { createOpenAiEmbeddings } from './create-openai-embeddings.ts';
import { invokeBedrock } from './invoke-bedrock.ts';
import { listAnthropicModels } from './list-anthropic-models.ts';
import { listModels } from './list-models.ts';
import { listOpenAiModels } from './list-openai-models.ts';
import type { BufferedRoute } from './route.ts';

/**
 * The buffered Bedrock function's routes (bedrock-handler.ts): Converse, OpenAI-compatible
 * embeddings, and the model lists (catalog only, no SDK call). The streaming routes are
 * bedrock-streaming-routes.ts: each function's bundle carries only the routes it serves.
 * `target: 'bedrock'` in amplify/contract/routes.ts.
 */
export const BEDROCK_BUFFERED_ROUTES: readonly BufferedRoute[] = [
  listModels,
  invokeBedrock,
  listOpenAiModels,
  createOpenAiEmbeddings,
  listAnthropicModels,
];
