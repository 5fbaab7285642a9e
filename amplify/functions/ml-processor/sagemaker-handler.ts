/**
 * Entry of the SageMaker buffered function (`ml-sagemaker-processor`): `POST /ml/sagemaker`, `GET /ml/sagemaker/jobs/{jobId}`.
 * Its bundle carries SageMaker Runtime, S3 (async jobs) and Bedrock Runtime (ApplyGuardrail); see handler.ts for the handler shape.
 */
import { createClients } from './clients.ts';
import { processorFromEnv } from './from-env.ts';
import { bufferedHandler } from './handler.ts';
import { SAGEMAKER_BUFFERED_ROUTES } from './routes/sagemaker-buffered-routes.ts';

/** Lambda entry point; the processor is built once per container. */
export const handler = bufferedHandler(
  processorFromEnv({ routes: SAGEMAKER_BUFFERED_ROUTES, createClients }),
);
