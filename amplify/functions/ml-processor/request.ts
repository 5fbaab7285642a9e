import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import {
  BodyRejection,
  readJsonBody as readSharedJsonBody,
  requestHeader,
} from '../shared/json-body.ts';
import { ApiError, badRequest } from './errors.ts';

const text = z.string().trim().min(1, 'must be a non-empty string');

const messageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: text,
});

/** Body of `POST /ml/bedrock` and `POST /ml/bedrock/stream`. */
export const bedrockRequestSchema = z
  .strictObject({
    modelId: text.max(128),
    prompt: text.optional(),
    messages: z.array(messageSchema).min(1).max(100).optional(),
    system: text.optional(),
    parameters: z
      .strictObject({
        maxTokens: z.int().min(1).optional(),
        temperature: z.number().min(0).max(1).optional(),
        topP: z.number().min(0).max(1).optional(),
      })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.prompt === undefined) === (body.messages === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['prompt'],
        message: 'give exactly one of prompt or messages',
      });
    body.messages?.forEach((message, index) => {
      const expected = index % 2 === 0 ? 'user' : 'assistant';
      if (message.role !== expected)
        ctx.addIssue({
          code: 'custom',
          path: ['messages', index, 'role'],
          message: `must be "${expected}" (turns alternate, starting with user)`,
        });
    });
    if (body.messages && body.messages.length % 2 === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['messages'],
        message: 'the last message must be from the user',
      });
  });
export type BedrockRequest = z.infer<typeof bedrockRequestSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Deepest nesting of arrays and objects `inputData` may have (the top level counts as 1). Real
 * endpoint payloads are a few levels deep; 100,000 levels overflow the stack when the payload
 * is serialized.
 */
export const MAX_INPUT_DEPTH = 64;

/** True when `value` nests arrays or objects deeper than `limit`; iterative, so no stack to blow. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** Body of `POST /ml/sagemaker` and `POST /ml/sagemaker/stream`. */
export const sagemakerRequestSchema = z.strictObject({
  modelName: text.max(128),
  inputData: z
    .union([
      text,
      z.array(z.unknown()).min(1, 'must not be empty'),
      z.record(z.string(), z.unknown()),
    ])
    .refine((value) => !nestsDeeperThan(value, MAX_INPUT_DEPTH), {
      message: `must not nest arrays or objects more than ${MAX_INPUT_DEPTH} levels deep`,
    }),
  parameters: z.record(z.string(), scalar).optional(),
});
export type SageMakerRequest = z.infer<typeof sagemakerRequestSchema>;

/** `{jobId}` of `GET /ml/sagemaker/jobs/{jobId}`. */
export const jobIdSchema = z.uuid('must be a job id returned by POST /ml/sagemaker');

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
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
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
