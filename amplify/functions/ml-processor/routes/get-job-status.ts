import * as z from 'zod/mini';

import { modelsFor } from '../../../catalog.ts';
import { jobStatus } from '../async-jobs.ts';
import type { UpstreamClients } from '../clients.ts';
import { jobIdSchema, validate } from '../request.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /ml/sagemaker/jobs/{jobId}`: an async job of the caller's. */
export const getJobStatus: BufferedRoute<UpstreamClients> = {
  method: 'GET',
  path: '/ml/sagemaker/jobs/{jobId}',
  handle: async (invocation, event, { clients, catalog }) => {
    const { jobId } = validate(z.object({ jobId: jobIdSchema }), {
      jobId: event.pathParameters?.['jobId'],
    });
    const caller = invocation.caller();
    // The job's model is known once its record is read: from then on its policy guards the call.
    const status = await invocation.upstream((call) =>
      jobStatus(clients.s3, modelsFor(caller, catalog), caller.sub, jobId, call, (entry) => {
        invocation.entry = entry;
      }),
    );
    return { data: status };
  },
};
