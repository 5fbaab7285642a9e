import type { UpstreamClients } from '../clients.ts';
import type { StreamingRoute } from './route.ts';
import { streamSageMaker } from './stream-sagemaker.ts';

/**
 * The streaming SageMaker function's routes (sagemaker-stream-handler.ts):
 * InvokeEndpointWithResponseStream. `target: 'sagemaker'` in amplify/contract/routes.ts.
 */
export const SAGEMAKER_STREAMING_ROUTES: readonly StreamingRoute<UpstreamClients>[] = [
  streamSageMaker,
];
