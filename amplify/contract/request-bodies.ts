/**
 * The request bodies, described once (zod): the functions validate with these schemas, the
 * API construct's JSON-schema models are generated from them (amplify/api/request-models.ts),
 * and the app's request types are inferred from them.
 * zod/mini: the processor bundles these, and full zod would add about 400 KiB to it.
 */
// The schemas' messages come with them, whoever imports them.
import './zod-messages.ts';

import * as z from 'zod/mini';

import { DOCUMENT_FORMATS, IMAGE_FORMATS } from './attachments.ts';

/** Longest `modelId` / `modelName` a request may name (catalog ids are at most 64). */
export const MAX_MODEL_ID_CHARS = 128;

/** Most messages a Bedrock conversation request may carry. */
const MAX_MESSAGES = 100;

/**
 * Deepest nesting of arrays and objects `inputData` may have (the top level counts as 1). Real
 * endpoint payloads are a few levels deep; 100,000 levels overflow the stack when the payload
 * is serialized.
 */
export const MAX_INPUT_DEPTH = 64;

/** A client may pass read-only arrays and objects where the schema's type has mutable ones. */
type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

const textChecks = [z.trim(), z.minLength(1, 'must be a non-empty string')] as const;
const text = z.string().check(...textChecks);
const modelIdText = z.string().check(...textChecks, z.maxLength(MAX_MODEL_ID_CHARS));
const unitInterval = z.optional(z.number().check(z.gte(0), z.lte(1)));

/**
 * Most attachments one message may carry: Bedrock's ceilings, 20 images and 5 documents
 * (API reference "Message", docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html);
 * each model's own, lower counts are the catalog's and checked by the processor.
 */
export const MAX_ATTACHMENTS_PER_MESSAGE = 25;

/** Longest attachment name (a file name), in characters; DocumentBlock.name allows 200. */
export const MAX_ATTACHMENT_NAME_CHARS = 200;

/** Standard base64 (RFC 4648, section 4), padded, as JSON carries an attachment's bytes. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * An image or document sent with a user message (a Converse image or document block). The
 * catalog entry of the model decides which formats, sizes and counts it accepts.
 */
const attachmentSchema = z.strictObject({
  kind: z.enum(['image', 'document']),
  format: z.enum([...IMAGE_FORMATS, ...DOCUMENT_FORMATS]),
  /** The file name as the user chose it (shown in history; documents pass it to the model). */
  name: z.string().check(...textChecks, z.maxLength(MAX_ATTACHMENT_NAME_CHARS)),
  /** The file's bytes, base64-encoded. */
  data: z.string().check(z.regex(BASE64, 'must be the base64-encoded bytes of the file')),
});
export type MessageAttachment = z.infer<typeof attachmentSchema>;

const messageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: text,
  attachments: z.optional(
    z.array(attachmentSchema).check(z.minLength(1), z.maxLength(MAX_ATTACHMENTS_PER_MESSAGE)),
  ),
});

/** Body of `POST /ml/bedrock` and `POST /ml/bedrock/stream`. */
export const bedrockRequestSchema = z
  .strictObject({
    modelId: modelIdText,
    prompt: z.optional(text),
    messages: z.optional(z.array(messageSchema).check(z.minLength(1), z.maxLength(MAX_MESSAGES))),
    system: z.optional(text),
    parameters: z.optional(
      z.strictObject({
        maxTokens: z.optional(z.int().check(z.gte(1))),
        temperature: unitInterval,
        topP: unitInterval,
      }),
    ),
  })
  .check(
    z.superRefine((body, ctx) => {
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
    }),
  );
export type BedrockRequest = z.infer<typeof bedrockRequestSchema>;
/** What a client sends to the Bedrock routes (the schema's input, read-only). */
export type BedrockRequestBody = DeepReadonly<z.input<typeof bedrockRequestSchema>>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

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
  modelName: modelIdText,
  inputData: z
    .union([
      text,
      z.array(z.unknown()).check(z.minLength(1, 'must not be empty')),
      z.record(z.string(), z.unknown()),
    ])
    .check(
      z.refine((value) => !nestsDeeperThan(value, MAX_INPUT_DEPTH), {
        message: `must not nest arrays or objects more than ${MAX_INPUT_DEPTH} levels deep`,
      }),
    ),
  parameters: z.optional(z.record(z.string(), scalar)),
});
export type SageMakerRequest = z.infer<typeof sagemakerRequestSchema>;
/** What a client sends to the SageMaker routes (the schema's input, read-only). */
export type SageMakerRequestBody = DeepReadonly<z.input<typeof sagemakerRequestSchema>>;

/** `{jobId}` of `GET /ml/sagemaker/jobs/{jobId}`. */
export const jobIdSchema = z.uuid('must be a job id returned by POST /ml/sagemaker');
