/**
 * Entry of the Bedrock buffered function (`ml-bedrock-processor`): `GET /ml/models`,
 * `POST /ml/bedrock`, `GET /openai/v1/models`, `POST /openai/v1/embeddings`,
 * `GET /anthropic/v1/models`.
 * Its bundle carries the Bedrock Runtime client only; see handler.ts for the handler shape.
 */
import { createBedrockClients } from './bedrock-clients.ts';
import { processorFromEnv } from './from-env.ts';
import { bufferedHandler } from './handler.ts';
import { BEDROCK_BUFFERED_ROUTES } from './routes/bedrock-buffered-routes.ts';

/** Lambda entry point; the processor is built once per container. */
export const handler = bufferedHandler(
  processorFromEnv({ routes: BEDROCK_BUFFERED_ROUTES, createClients: createBedrockClients }),
);
