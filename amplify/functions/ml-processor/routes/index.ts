import { converseRoute, converseStreamRoute } from './bedrock.ts';
import { jobStatusRoute } from './job-status.ts';
import { listModels } from './models.ts';
import type { BufferedRoute, StreamRoute } from './route.ts';
import { invokeRoute, invokeStreamRoute } from './sagemaker.ts';

/** The buffered routes, by `METHOD /resource` (docs/api.md). */
export const BUFFERED_ROUTES: ReadonlyMap<string, BufferedRoute> = new Map([
  ['GET /ml/models', listModels],
  ['POST /ml/bedrock', converseRoute],
  ['POST /ml/sagemaker', invokeRoute],
  ['GET /ml/sagemaker/jobs/{jobId}', jobStatusRoute],
]);

/** The streaming routes, by `METHOD /resource`. */
export const STREAM_ROUTES: ReadonlyMap<string, StreamRoute> = new Map([
  ['POST /ml/bedrock/stream', converseStreamRoute],
  ['POST /ml/sagemaker/stream', invokeStreamRoute],
]);
