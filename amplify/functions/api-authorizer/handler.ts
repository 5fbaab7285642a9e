import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

/** Denies every request until token verification is in place: closed by default. */
export async function handler(
  _event: APIGatewayTokenAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  throw new Error('Unauthorized');
}
