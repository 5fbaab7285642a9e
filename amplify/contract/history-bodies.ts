/**
 * The bodies and path parameter of the history routes, which the usage API validates with.
 * The most messages per conversation is a deployment setting, so the save body is built from it.
 * zod/mini: the usage API bundles these, and full zod would add about 400 KiB to it.
 */
// The schemas' messages come with them, whoever imports them.
import './zod-messages.ts';

import * as z from 'zod/mini';

import { DOCUMENT_FORMATS, IMAGE_FORMATS } from './attachments.ts';
import { MAX_ATTACHMENT_NAME_CHARS, MAX_ATTACHMENTS_PER_MESSAGE } from './request-bodies.ts';

/** Longest search text of `GET /history/conversations?q=`, in characters. */
export const MAX_SEARCH_CHARS = 100;

/** Longest conversation title, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Total characters of a conversation's messages; keeps an item under DynamoDB's 400 KB. */
export const MAX_CONVERSATION_CHARS = 300_000;
/**
 * Characters an attachment's summary takes besides its name (kind, format, size and the keys),
 * counted into MAX_CONVERSATION_CHARS so many attached files cannot push an item past 400 KB.
 */
export const ATTACHMENT_SUMMARY_CHARS = 60;
/** Longest model id a saved conversation or answer names. */
const MAX_SAVED_MODEL_ID_CHARS = 200;

/** `{conversationId}` of the `/history/conversations/{conversationId}` routes. */
export const conversationIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, - or _'));

const titleSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_TITLE_CHARS));

const modelIdSchema = z.string().check(z.minLength(1), z.maxLength(MAX_SAVED_MODEL_ID_CHARS));

/** A file sent with a prompt, as the history keeps it: what it was, not its bytes. */
const attachmentSummarySchema = z.strictObject({
  kind: z.enum(['image', 'document']),
  format: z.enum([...IMAGE_FORMATS, ...DOCUMENT_FORMATS]),
  name: z.string().check(z.minLength(1), z.maxLength(MAX_ATTACHMENT_NAME_CHARS)),
  bytes: z.int().check(z.gte(0)),
});

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  /** The model that gave an answer (a conversation may change model); older saves lack it. */
  modelId: z.optional(modelIdSchema),
  /** What an answer was charged, in nano-dollars (the stream's `done` event). */
  costNanoUsd: z.optional(z.int().check(z.gte(0))),
  /** The files sent with a prompt (name, kind, format, size). */
  attachments: z.optional(
    z.array(attachmentSummarySchema).check(z.maxLength(MAX_ATTACHMENTS_PER_MESSAGE)),
  ),
});

/** A conversation's settings as saved: the Bedrock request's `system` and `parameters` ranges. */
const settingsSchema = z.strictObject({
  system: z.optional(z.string()),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  maxTokens: z.optional(z.int().check(z.gte(1))),
});

/**
 * Body of `PUT /history/conversations/{conversationId}` (save the whole conversation), with at
 * most `maxMessages` messages (the `history.maxMessagesPerConversation` setting).
 */
export function saveConversationSchema(maxMessages: number) {
  return z
    .object({
      title: z.optional(titleSchema),
      modelId: modelIdSchema,
      messages: z
        .array(messageSchema)
        .check(
          z.minLength(1),
          z.maxLength(maxMessages, `a conversation may hold at most ${maxMessages} messages`),
        ),
      /** The conversation's system prompt and parameters; absent: the model's defaults. */
      settings: z.optional(settingsSchema),
    })
    .check(
      z.refine(
        // The system prompt and the attachments' summaries are stored with the messages, so
        // they count too.
        (body) =>
          body.messages.reduce(
            (total, message) =>
              total +
              message.content.length +
              (message.attachments ?? []).reduce(
                (sum, attachment) => sum + attachment.name.length + ATTACHMENT_SUMMARY_CHARS,
                0,
              ),
            0,
          ) +
            (body.settings?.system?.length ?? 0) <=
          MAX_CONVERSATION_CHARS,
        {
          message: `messages may hold at most ${MAX_CONVERSATION_CHARS} characters`,
          path: ['messages'],
        },
      ),
    );
}

/** A validated save body. */
export type SaveConversationBody = z.infer<ReturnType<typeof saveConversationSchema>>;

/** Body of `PATCH /history/conversations/{conversationId}` (rename). */
export const renameConversationSchema = z.object({ title: titleSchema });
