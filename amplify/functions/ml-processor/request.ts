import type { APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
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

/** Body of `POST /ml/sagemaker` and `POST /ml/sagemaker/stream`. */
export const sagemakerRequestSchema = z.strictObject({
  modelName: text.max(128),
  inputData: z.union([
    text,
    z.array(z.unknown()).min(1, 'must not be empty'),
    z.record(z.string(), z.unknown()),
  ]),
  parameters: z.record(z.string(), scalar).optional(),
});
export type SageMakerRequest = z.infer<typeof sagemakerRequestSchema>;

/** `{jobId}` of `GET /ml/sagemaker/jobs/{jobId}`. */
export const jobIdSchema = z.uuid('must be a job id returned by POST /ml/sagemaker');

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

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
 * Reads a JSON body: 415 unless `application/json`, 413 over `maxBodyBytes`, 400 when it is
 * not JSON or not an object.
 */
export function readJsonBody(event: APIGatewayProxyEvent, maxBodyBytes: number): unknown {
  const contentTypeHeader = header(event, 'content-type');
  // Stryker disable next-line StringLiteral: no text but a JSON media type passes the test below
  const contentType = contentTypeHeader ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType))
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded
    ? Buffer.from(raw, 'base64')
    : // Stryker disable next-line StringLiteral: Buffer.from reads a string as UTF-8 by default
      Buffer.from(raw, 'utf8');
  if (bytes.length > maxBodyBytes)
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`, {
      field: 'body',
    });
  if (bytes.length === 0) throw badRequest('body', 'The body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badRequest('body', 'The body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('body', 'The body must be a JSON object');
  return value;
}
