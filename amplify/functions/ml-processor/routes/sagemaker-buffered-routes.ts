import type { UpstreamClients } from '../clients.ts';
import { getJobStatus } from './get-job-status.ts';
import { invokeSageMaker } from './invoke-sagemaker.ts';
import type { BufferedRoute } from './route.ts';

/**
 * The buffered SageMaker function's routes (sagemaker-handler.ts): InvokeEndpoint (sync, or an
 * async job) and the async job status. The streaming route is sagemaker-streaming-routes.ts.
 * `target: 'sagemaker'` in amplify/contract/routes.ts.
 */
export const SAGEMAKER_BUFFERED_ROUTES: readonly BufferedRoute<UpstreamClients>[] = [
  invokeSageMaker,
  getJobStatus,
];
