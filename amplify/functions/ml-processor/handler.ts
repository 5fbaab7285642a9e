import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** Placeholder until the processor lands: answers 503 in the API envelope. */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  return {
    statusCode: 503,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      success: false,
      error: { code: 'MODEL_ERROR', message: 'The ML processor is not deployed yet' },
      requestId: event.requestContext?.requestId ?? '',
    }),
  };
}
