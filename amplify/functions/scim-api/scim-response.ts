import type { APIGatewayProxyResult } from 'aws-lambda';

import { SCIM_MEDIA_TYPE, SCIM_SCHEMA } from '../../contract/scim.ts';

/** What a SCIM route answers: status, body (none for 204) and extra headers. */
export interface ScimAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The userName of a user the request removed, for its audit record (never sent). */
  readonly removedUserName?: string;
}

/** A ListResponse page (RFC 7644 §3.4.2). */
export function listResponse(
  resources: readonly unknown[],
  totalResults: number,
  startIndex: number,
): ScimAnswer {
  return {
    status: 200,
    body: {
      schemas: [SCIM_SCHEMA.listResponse],
      totalResults,
      startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    },
  };
}

/** The Lambda proxy result of an answer, in SCIM's media type. */
export function proxyResult(answer: ScimAnswer, requestId: string): APIGatewayProxyResult {
  return {
    statusCode: answer.status,
    headers: {
      ...(answer.body === undefined ? {} : { 'content-type': SCIM_MEDIA_TYPE }),
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...answer.headers,
    },
    body: answer.body === undefined ? '' : JSON.stringify(answer.body),
  };
}
