import { converse } from '../bedrock.ts';
import { prepareConverse } from './prepare-converse.ts';
import type { BufferedRoute } from './route.ts';

/** `POST /ml/bedrock`: one Converse call. */
export const invokeBedrock: BufferedRoute = {
  method: 'POST',
  path: '/ml/bedrock',
  handle: async (invocation, event, context) => {
    const input = await prepareConverse(invocation, event, context);
    const result = await invocation.upstream((call) =>
      converse(context.clients.bedrock, input, call),
    );
    invocation.reported(result.usage);
    const costNanoUsd = await invocation.answerCost();
    return {
      data: {
        ...result,
        latencyMs: invocation.upstreamMs,
        ...invocation.maskedValues(),
        ...(costNanoUsd !== undefined ? { costNanoUsd } : {}),
      },
    };
  },
};
