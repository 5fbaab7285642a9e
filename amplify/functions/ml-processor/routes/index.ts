import { anthropicMessages } from './anthropic-messages.ts';
import { getJobStatus } from './get-job-status.ts';
import { invokeBedrock } from './invoke-bedrock.ts';
import { invokeSageMaker } from './invoke-sagemaker.ts';
import { listAnthropicModels } from './list-anthropic-models.ts';
import { listModels } from './list-models.ts';
import { listOpenAiModels } from './list-openai-models.ts';
import { openAiChatCompletions } from './openai-chat-completions.ts';
import type { BufferedRoute, StreamingRoute } from './route.ts';
import { streamBedrock } from './stream-bedrock.ts';
import { streamSageMaker } from './stream-sagemaker.ts';

/**
 * The buffered function's routes (docs/api.md, docs/programmatic-access.md). An entry point
 * that serves fewer (one provider's) lists those route files itself.
 */
export const BUFFERED_ROUTES: readonly BufferedRoute[] = [
  listModels,
  invokeBedrock,
  invokeSageMaker,
  getJobStatus,
  listOpenAiModels,
  listAnthropicModels,
];

/** The streaming function's routes: NDJSON stream events, and the compatible APIs' formats. */
export const STREAMING_ROUTES: readonly StreamingRoute[] = [
  streamBedrock,
  streamSageMaker,
  openAiChatCompletions,
  anthropicMessages,
];
