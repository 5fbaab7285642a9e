/**
 * Entry of the SageMaker streaming function (`ml-sagemaker-stream-processor`): `POST /ml/sagemaker/stream`.
 * Its bundle carries SageMaker Runtime, S3 (async jobs) and Bedrock Runtime (ApplyGuardrail); see stream-handler.ts for the handler shape.
 */
import { createClients } from './clients.ts';
import { processorFromEnv } from './from-env.ts';
import { SAGEMAKER_STREAMING_ROUTES } from './routes/sagemaker-streaming-routes.ts';
import { streamingHandler } from './stream-handler.ts';

/** Lambda entry point; the processor is built once per container. */
export const handler = streamingHandler(
  processorFromEnv({ routes: SAGEMAKER_STREAMING_ROUTES, createClients }),
);
