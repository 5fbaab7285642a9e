import { modelsFor, modelSummary } from '../../../catalog.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /ml/models`: the models the caller may use, as the contract's summaries. */
export const listModels: BufferedRoute = {
  method: 'GET',
  path: '/ml/models',
  handle: async (invocation, _event, { catalog }) => {
    const caller = invocation.caller();
    return {
      data: { models: modelsFor(caller, catalog).map((entry) => modelSummary(entry, caller)) },
    };
  },
};
