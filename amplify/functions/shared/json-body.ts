/**
 * The one reader of JSON request bodies, shared by the ML processor and the usage API. It
 * measures the body it was actually given: the web ACL's size rule reads only `Content-Length`,
 * so a chunked body reaches the function unmeasured and the function is the last line.
 */
import '../../contract/zod-messages.ts';

import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';

import { ApiError, badRequest } from './api-error.ts';

/** Why a body was refused (415, 413 or 400): an `ApiError`, so every router answers it as is. */
export class BodyRejection extends ApiError {
  // Stryker disable next-line StringLiteral: callers branch on the class, never on the name
  override readonly name = 'BodyRejection';
  declare readonly status: 400 | 413 | 415;
  declare readonly code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

  constructor(status: BodyRejection['status'], message: string, field?: string) {
    super(
      status,
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : 'BAD_REQUEST',
      message,
      { field },
    );
  }
}

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function requestHeader(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

/**
 * Reads a JSON body: 415 unless `application/json`, 413 when its decoded bytes exceed
 * `maxBodyBytes` (whatever `Content-Length` said, if anything), 400 when it is empty, not JSON
 * or not an object.
 *
 * @throws BodyRejection
 */
export function readJsonBody(event: APIGatewayProxyEvent, maxBodyBytes: number): unknown {
  // Stryker disable next-line StringLiteral: no text but a JSON media type passes the test below
  const contentType = requestHeader(event, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType))
    throw new BodyRejection(415, 'Send the body as application/json');
  const raw = event.body ?? '';
  // Stryker disable next-line StringLiteral: Buffer.from reads a string as UTF-8 by default
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBodyBytes)
    throw new BodyRejection(413, `The body is larger than ${maxBodyBytes} bytes`, 'body');
  if (bytes.length === 0)
    throw new BodyRejection(400, 'The body is empty; send a JSON object', 'body');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BodyRejection(400, 'The body is not valid JSON', 'body');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new BodyRejection(400, 'The body must be a JSON object', 'body');
  return value;
}

/**
 * Reads a JSON body (as `readJsonBody`) and checks it against `schema`.
 *
 * @throws ApiError 400 naming the first field at fault (`body` for the body as a whole).
 */
export function parseJsonBody<S extends z.core.$ZodType>(
  event: APIGatewayProxyEvent,
  schema: S,
  maxBodyBytes: number,
): z.output<S> {
  const parsed = z.safeParse(schema, readJsonBody(event, maxBodyBytes));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw badRequest(field, `${field}: ${issue.message}`);
}
