/**
 * Test support: every processor route in one list, for tests and benchmarks that drive one
 * processor through both providers' buffered and streaming routes (each deployed function
 * serves only its own list: routes/bedrock-buffered-routes.ts and the three beside it).
 */
import type { UpstreamClients } from '../../amplify/functions/ml-processor/clients.ts';
import { BEDROCK_BUFFERED_ROUTES } from '../../amplify/functions/ml-processor/routes/bedrock-buffered-routes.ts';
import { BEDROCK_STREAMING_ROUTES } from '../../amplify/functions/ml-processor/routes/bedrock-streaming-routes.ts';
import type { ProcessorRoute } from '../../amplify/functions/ml-processor/routes/route.ts';
import { SAGEMAKER_BUFFERED_ROUTES } from '../../amplify/functions/ml-processor/routes/sagemaker-buffered-routes.ts';
import { SAGEMAKER_STREAMING_ROUTES } from '../../amplify/functions/ml-processor/routes/sagemaker-streaming-routes.ts';

/** The Bedrock functions' routes, buffered and streaming (`createBedrockClients` serves them). */
export const BEDROCK_ROUTES: readonly ProcessorRoute[] = [
  ...BEDROCK_BUFFERED_ROUTES,
  ...BEDROCK_STREAMING_ROUTES,
];

/** Both providers' routes; the SageMaker ones need every client (`createClients`). */
export const ALL_ROUTES: readonly ProcessorRoute<UpstreamClients>[] = [
  ...BEDROCK_ROUTES,
  ...SAGEMAKER_BUFFERED_ROUTES,
  ...SAGEMAKER_STREAMING_ROUTES,
];
