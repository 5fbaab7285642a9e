/**
 * Test support: every processor route in one list, for tests and benchmarks that drive one
 * processor through both providers' routes (each deployed function serves only its provider's:
 * bedrock-routes.ts, sagemaker-routes.ts).
 */
import type { UpstreamClients } from '../../amplify/functions/ml-processor/clients.ts';
import { BEDROCK_ROUTES } from '../../amplify/functions/ml-processor/routes/bedrock-routes.ts';
import type { ProcessorRoute } from '../../amplify/functions/ml-processor/routes/route.ts';
import { SAGEMAKER_ROUTES } from '../../amplify/functions/ml-processor/routes/sagemaker-routes.ts';

/** Both providers' routes; the SageMaker ones need every client (`createClients`). */
export const ALL_ROUTES: readonly ProcessorRoute<UpstreamClients>[] = [
  ...BEDROCK_ROUTES,
  ...SAGEMAKER_ROUTES,
];
