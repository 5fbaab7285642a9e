import type { UpstreamClients } from '../clients.ts';
import { getJobStatus } from './get-job-status.ts';
import { invokeSageMaker } from './invoke-sagemaker.ts';
import type { ProcessorRoute } from './route.ts';
import { streamSageMaker } from './stream-sagemaker.ts';

/**
 * The SageMaker functions' routes: InvokeEndpoint (sync, or an async job), its streaming
 * variant and the async job status. `target: 'sagemaker'` in amplify/contract/routes.ts.
 */
export const SAGEMAKER_ROUTES: readonly ProcessorRoute<UpstreamClients>[] = [
  invokeSageMaker,
  getJobStatus,
  streamSageMaker,
];
