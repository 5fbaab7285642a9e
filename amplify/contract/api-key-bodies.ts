/**
 * The body of `POST /keys` and the `{keyId}` parameter, validated by the usage API.
 * zod/mini: the usage API bundles these.
 */
// The schemas' messages come with them, whoever imports them.
import './zod-messages.ts';

import * as z from 'zod/mini';

import { API_KEY_ID_PATTERN } from './api-keys.ts';

/** Longest key name, in characters. */
export const MAX_API_KEY_NAME_CHARS = 64;
/** Most models one key may name. */
export const MAX_API_KEY_MODELS = 50;
/** Longest model id a key may name. */
const MAX_MODEL_ID_CHARS = 200;

/** `{keyId}` of `/keys/{keyId}` and `/admin/keys/{keyId}`. */
export const apiKeyIdSchema = z
  .string()
  .check(z.regex(API_KEY_ID_PATTERN, 'must be 16 characters a-z or 2-7'));

const budgetSchema = z
  .object({
    usdPerMonth: z.optional(z.number().check(z.positive(), z.lte(1_000_000))),
    tokensPerMonth: z.optional(z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER))),
  })
  .check(
    z.refine((budget) => budget.usdPerMonth !== undefined || budget.tokensPerMonth !== undefined, {
      message: 'set usdPerMonth, tokensPerMonth or both',
    }),
  );

/** Body of `POST /keys`, with expiry at most `maxExpiryDays` (the `apiKeys.maxExpiryDays` setting). */
export function createApiKeySchema(maxExpiryDays: number) {
  return z.object({
    name: z
      .string()
      .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(MAX_API_KEY_NAME_CHARS)),
    models: z
      .array(z.string().check(z.minLength(1), z.maxLength(MAX_MODEL_ID_CHARS)))
      .check(z.minLength(1, 'name at least one model'), z.maxLength(MAX_API_KEY_MODELS)),
    expiresInDays: z.optional(
      z.int().check(z.gte(1), z.lte(maxExpiryDays, `a key may live at most ${maxExpiryDays} days`)),
    ),
    budget: z.optional(budgetSchema),
  });
}

export type CreateApiKeyBody = z.infer<ReturnType<typeof createApiKeySchema>>;
