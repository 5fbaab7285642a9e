/** What the SCIM routes read from a proxy event: body, query and the base URL of locations. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';

import { SCIM_BASE_PATH, SCIM_MAX_RESULTS } from '../../contract/scim.ts';
import { badRequest, ScimError } from './scim-error.ts';
import { firstIssue } from './validation.ts';

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

/**
 * The body as JSON, checked against `schema`: 413 beyond `maxBodyBytes`, 400 `invalidSyntax`
 * when it is not a JSON object, 400 `invalidValue` naming the first field at fault. Any JSON
 * media type is read (SCIM's `application/scim+json`, or `application/json`).
 */
export function readScimBody<S extends z.core.$ZodType>(
  event: APIGatewayProxyEvent,
  schema: S,
  maxBodyBytes: number,
  structural: readonly string[] = [],
): z.output<S> {
  const contentType = headerOf(event, 'content-type');
  if (contentType !== undefined && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType))
    throw new ScimError(415, 'Send the body as application/scim+json');
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBodyBytes)
    throw new ScimError(413, `The body is larger than ${maxBodyBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badRequest('invalidSyntax', 'The body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('invalidSyntax', 'The body must be a JSON object');
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // A missing or malformed message structure (`Operations`, `schemas`) is a syntax error.
  const syntax =
    issue !== undefined && issue.path.length <= 1 && structural.includes(String(issue.path[0]));
  throw badRequest(syntax ? 'invalidSyntax' : 'invalidValue', firstIssue(parsed.error));
}

/** A query's paging (RFC 7644 §3.4.2.4): `startIndex` below 1 is 1, `count` capped. */
export function pagingOf(event: APIGatewayProxyEvent): { startIndex: number; count: number } {
  const query = event.queryStringParameters ?? {};
  const number = (name: string, fallback: number) => {
    const text = query[name];
    if (text === undefined || text === '') return fallback;
    if (!/^-?\d+$/.test(text)) throw badRequest('invalidValue', `${name} must be an integer`);
    return Number(text);
  };
  const startIndex = Math.max(1, number('startIndex', 1));
  const count = Math.min(SCIM_MAX_RESULTS, Math.max(0, number('count', SCIM_MAX_RESULTS)));
  return { startIndex, count };
}

/** Whether `excludedAttributes` names `attribute` (Entra asks groups without `members`). */
export function excludes(event: APIGatewayProxyEvent, attribute: string): boolean {
  const value = event.queryStringParameters?.['excludedAttributes'] ?? '';
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .includes(attribute.toLowerCase());
}

/**
 * The base URL of this SCIM service as the client called it (`https://<host>/<stage>/scim/v2`),
 * for `meta.location`: the request's own path less the part after the base.
 */
export function scimBaseUrl(event: APIGatewayProxyEvent): string {
  const protocol = headerOf(event, 'x-forwarded-proto') ?? 'https';
  // The domain API Gateway was called on, not a Host header the client could set.
  const host = event.requestContext?.domainName ?? headerOf(event, 'host') ?? 'localhost';
  const calledPath = event.requestContext?.path ?? event.path;
  const at = calledPath.toLowerCase().indexOf(SCIM_BASE_PATH);
  const base =
    at >= 0
      ? calledPath.slice(0, at + SCIM_BASE_PATH.length)
      : `/${event.requestContext?.stage ?? ''}${SCIM_BASE_PATH}`;
  return `${protocol}://${host}${base}`;
}

/** The path below the SCIM base, split (`Users/<id>` → `['Users', '<id>']`). */
export function scimPathOf(event: APIGatewayProxyEvent): string[] {
  const proxy = event.pathParameters?.['proxy'];
  const path =
    proxy ??
    (event.path.toLowerCase().startsWith(SCIM_BASE_PATH.toLowerCase())
      ? event.path.slice(SCIM_BASE_PATH.length)
      : event.path);
  return path
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        throw badRequest('invalidPath', 'The path is not valid percent-encoding');
      }
    });
}
