import type { UpstreamClients } from '../clients.ts';
import { jobStatusRoute } from './job-status.ts';
import type { RouteSet } from './route.ts';
import { invokeRoute, invokeStreamRoute } from './sagemaker.ts';

/**
 * The SageMaker functions' routes: InvokeEndpoint (sync, or an async job), its streaming
 * variant and the async job status. `target: 'sagemaker'` in amplify/contract/routes.ts.
 */
export const SAGEMAKER_ROUTES: RouteSet<UpstreamClients> = {
  buffered: new Map([
    ['POST /ml/sagemaker', invokeRoute],
    ['GET /ml/sagemaker/jobs/{jobId}', jobStatusRoute],
  ]),
  streams: new Map([['POST /ml/sagemaker/stream', invokeStreamRoute]]),
  wireStreams: new Map(),
};
