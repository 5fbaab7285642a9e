import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';

import { ApiError, badRequest } from '../shared/api-error.ts';
import {
  BodyRejection,
  readJsonBody as readSharedJsonBody,
  requestHeader,
} from '../shared/json-body.ts';

// The bodies are the contract's, so the gateway's models and the app agree with this check.
export {
  type BedrockRequest,
  bedrockRequestSchema,
  jobIdSchema,
  MAX_INPUT_DEPTH,
  nestsDeeperThan,
  type SageMakerRequest,
  sagemakerRequestSchema,
} from '../../contract/request-bodies.ts';

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export const header = requestHeader;

/** The dotted path of a zod issue, e.g. `messages.1.role`; unknown keys name the key itself. */
function fieldOf(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  // zod reports unrecognized_keys with at least one key.
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  return path.join('.') || 'body';
}

/** Validates a parsed value against a schema; a 400 names the first offending field. */
export function validate<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = fieldOf(issue);
  // Only zod's invalid_type issue for an absent value says "received undefined".
  const missing = issue.message.includes('received undefined');
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field "${field}"`
      : missing
        ? `${field} is required`
        : `${field}: ${issue.message}`;
  throw badRequest(field, message);
}

/**
 * Reads a JSON body with the shared reader (`../shared/json-body.ts`): 415 unless
 * `application/json`, 413 over `maxBodyBytes` as actually received, 400 when it is not a JSON
 * object.
 */
export function readJsonBody(event: APIGatewayProxyEvent, maxBodyBytes: number): unknown {
  try {
    return readSharedJsonBody(event, maxBodyBytes);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the shared reader throws nothing but BodyRejection
    if (!(error instanceof BodyRejection)) throw error;
    throw new ApiError(error.status, error.code, error.message, { field: error.field });
  }
}
