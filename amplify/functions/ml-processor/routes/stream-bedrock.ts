import { converseStream } from '../bedrock.ts';
import { ndjsonReply } from './ndjson-reply.ts';
import { prepareConverse } from './prepare-converse.ts';
import type { StreamingRoute } from './route.ts';

/** `POST /ml/bedrock/stream`: ConverseStream as NDJSON stream events. */
export const streamBedrock: StreamingRoute = {
  method: 'POST',
  path: '/ml/bedrock/stream',
  open: async (invocation, event, context, call) =>
    ndjsonReply(
      await converseStream(
        context.clients.bedrock,
        await prepareConverse(invocation, event, context),
        call,
      ),
      invocation,
    ),
};
