import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Writable } from 'node:stream';

declare const awslambda: {
  streamifyResponse(
    fn: (event: APIGatewayProxyEvent, stream: Writable) => Promise<void>,
  ): (event: APIGatewayProxyEvent, stream: Writable) => Promise<void>;
  HttpResponseStream: {
    from(
      stream: Writable,
      prelude: { statusCode: number; headers: Record<string, string> },
    ): Writable;
  };
};

/** Placeholder until the streaming processor lands: answers 503 in the API envelope. */
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 503,
    headers: { 'content-type': 'application/json' },
  });
  stream.end(
    JSON.stringify({
      success: false,
      error: { code: 'MODEL_ERROR', message: 'The ML processor is not deployed yet' },
      requestId: event.requestContext?.requestId ?? '',
    }),
  );
});
