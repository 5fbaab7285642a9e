import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/** One answer API Gateway gives by itself (before or instead of calling a Lambda). */
interface GatewayError {
  readonly type: ResponseType;
  /** HTTP status; omitted keeps API Gateway's own status for that response type. */
  readonly status?: string;
  /** `error.code` of the envelope in docs/api.md. */
  readonly code: string;
  /** Extra headers, e.g. `Retry-After` on throttling. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every gateway-generated error the app can meet, mapped to the envelope and status of
 * docs/api.md. DEFAULT_4XX/5XX catch the types not listed.
 */
export const GATEWAY_ERRORS: readonly GatewayError[] = [
  { type: ResponseType.UNAUTHORIZED, status: '401', code: 'UNAUTHORIZED' },
  { type: ResponseType.ACCESS_DENIED, status: '403', code: 'FORBIDDEN' },
  { type: ResponseType.WAF_FILTERED, status: '403', code: 'FORBIDDEN' },
  // API Gateway answers an unknown path or method with "missing authentication token".
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '404', code: 'ROUTE_NOT_FOUND' },
  { type: ResponseType.RESOURCE_NOT_FOUND, status: '404', code: 'ROUTE_NOT_FOUND' },
  { type: ResponseType.BAD_REQUEST_BODY, status: '400', code: 'BAD_REQUEST' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, status: '400', code: 'BAD_REQUEST' },
  { type: ResponseType.REQUEST_TOO_LARGE, status: '413', code: 'PAYLOAD_TOO_LARGE' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, status: '415', code: 'UNSUPPORTED_MEDIA_TYPE' },
  // The stage's token bucket refills every second.
  {
    type: ResponseType.THROTTLED,
    status: '429',
    code: 'THROTTLED',
    headers: { 'Retry-After': '1' },
  },
  {
    type: ResponseType.QUOTA_EXCEEDED,
    status: '429',
    code: 'THROTTLED',
    headers: { 'Retry-After': '60' },
  },
  { type: ResponseType.INTEGRATION_TIMEOUT, status: '504', code: 'UPSTREAM_TIMEOUT' },
  { type: ResponseType.INTEGRATION_FAILURE, status: '502', code: 'INTERNAL_ERROR' },
  { type: ResponseType.AUTHORIZER_FAILURE, status: '500', code: 'INTERNAL_ERROR' },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, status: '500', code: 'INTERNAL_ERROR' },
  { type: ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST' },
  { type: ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR' },
];

/**
 * The origin that static CORS headers (gateway and WAF answers) name: the first HTTPS origin,
 * i.e. the deployed app (explicit origins, then custom domains, then the Amplify domain), so a
 * developer's `http://localhost` on a shared branch never takes it; else the first origin.
 */
export function primaryOrigin(origins: readonly string[]): string {
  const origin = origins.find((o) => o.startsWith('https://')) ?? origins[0];
  if (!origin) throw new Error('primaryOrigin: no allowed origin configured');
  return origin;
}

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
    api.addGatewayResponse(`Gateway${error.type.responseType}`, {
      type: error.type,
      statusCode: error.status,
      responseHeaders: {
        'Access-Control-Allow-Origin': `'${primaryOrigin}'`,
        Vary: "'Origin'",
        'Access-Control-Expose-Headers': "'Retry-After'",
        ...Object.fromEntries(
          Object.entries(error.headers ?? {}).map(([name, value]) => [name, `'${value}'`]),
        ),
      },
      templates: { 'application/json': errorEnvelopeTemplate(error.code) },
    });
  }
}
