/**
 * Entry of the Bedrock streaming function (`ml-bedrock-stream-processor`): `POST /ml/bedrock/stream`, `POST /openai/v1/chat/completions`, `POST /anthropic/v1/messages`.
 * Its bundle carries the Bedrock Runtime client only; see stream-handler.ts for the handler shape.
 */
import { createBedrockClients } from './bedrock-clients.ts';
import { processorFromEnv } from './from-env.ts';
import { BEDROCK_STREAMING_ROUTES } from './routes/bedrock-streaming-routes.ts';
import { streamingHandler } from './stream-handler.ts';

/** Lambda entry point; the processor is built once per container. */
export const handler = streamingHandler(
  processorFromEnv({ routes: BEDROCK_STREAMING_ROUTES, createClients: createBedrockClients }),
);
