import type { UpstreamClients } from '../clients.ts';
import { invokeEndpointStream } from '../sagemaker.ts';
import { ndjsonReply } from './ndjson-reply.ts';
import { prepareEndpointCall } from './prepare-endpoint-call.ts';
import type { StreamingRoute } from './route.ts';

/** `POST /ml/sagemaker/stream`: a streaming endpoint's text as NDJSON stream events. */
export const streamSageMaker: StreamingRoute<UpstreamClients> = {
  method: 'POST',
  path: '/ml/sagemaker/stream',
  open: async (invocation, event, context, call) => {
    const { entry, payload } = await prepareEndpointCall(invocation, event, context, 'streaming');
    return ndjsonReply(
      await invokeEndpointStream(context.clients.sagemaker, entry, payload, call),
      invocation,
    );
  },
};
