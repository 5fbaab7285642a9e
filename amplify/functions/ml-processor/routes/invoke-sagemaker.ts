import { submitJob } from '../async-jobs.ts';
import type { UpstreamClients } from '../clients.ts';
import { invokeEndpoint } from '../sagemaker.ts';
import { prepareEndpointCall } from './prepare-endpoint-call.ts';
import type { BufferedRoute } from './route.ts';

/**
 * `POST /ml/sagemaker`: a sync endpoint's answer, or 202 with the job id of an async one; both
 * with the input's restorable masked values when the caller's policy has some.
 */
export const invokeSageMaker: BufferedRoute<UpstreamClients> = {
  method: 'POST',
  path: '/ml/sagemaker',
  handle: async (invocation, event, context) => {
    const { entry, payload } = await prepareEndpointCall(invocation, event, context, 'buffered');
    const { clients } = context;
    if (entry.mode === 'async') {
      const jobId = await invocation.upstream((call) =>
        submitJob(clients, entry, invocation.caller().sub, payload, call),
      );
      return {
        status: 202,
        data: { jobId, status: 'InProgress', ...invocation.maskedValues() },
      };
    }
    const result = await invocation.upstream((call) =>
      invokeEndpoint(clients.sagemaker, entry, payload, call),
    );
    return {
      data: { ...result, latencyMs: invocation.upstreamMs, ...invocation.maskedValues() },
    };
  },
};
