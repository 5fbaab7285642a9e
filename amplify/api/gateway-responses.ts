import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

import { CORS_EXPOSED_HEADERS } from '../contract/gateway.ts';
import { GATEWAY_ERRORS } from '../contract/gateway-errors.ts';

/** The JSON envelope of docs/api.md, filled from API Gateway's error context. */
export function errorEnvelopeTemplate(code: string): string {
  // `messageString` is already a quoted JSON string; `requestId` is a plain id.
  return `{"success":false,"error":{"code":"${code}","message":$context.error.messageString},"requestId":"$context.requestId"}`;
}

/**
 * Adds the gateway responses so the browser can read every gateway-generated error.
 *
 * A gateway response carries static headers only: it cannot pick one origin out of a list
 * (mapping `method.request.header.Origin` would echo any site, which is `*` in disguise).
 * So it carries the environment's {@link primaryOrigin}; other origins still get CORS on Lambda answers and preflights, and see a gateway error
 * as a network error. docs/ops.md explains the choice.
 */
export function addGatewayErrorResponses(api: RestApi, primaryOrigin: string): void {
  for (const error of GATEWAY_ERRORS) {
    api.addGatewayResponse(`Gateway${error.type}`, {
      type: ResponseType.of(error.type),
      statusCode: error.status,
      responseHeaders: {
        'Access-Control-Allow-Origin': `'${primaryOrigin}'`,
        Vary: "'Origin'",
        'Access-Control-Expose-Headers': `'${CORS_EXPOSED_HEADERS.join(', ')}'`,
        ...Object.fromEntries(
          Object.entries(error.headers ?? {}).map(([name, value]) => [name, `'${value}'`]),
        ),
      },
      templates: { 'application/json': errorEnvelopeTemplate(error.code) },
    });
  }
}
