// The schemas' messages come with them, whoever imports them.
import './zod-messages.ts';

import * as z from 'zod/mini';

import { MAX_API_KEY_MODELS, MAX_API_KEY_NAME_CHARS } from './api-key-bodies.ts';
import { CONTENT_READ_REASON } from './audit.ts';
import { MAX_MAPPING_ENTRIES } from './group-mapping.ts';
import {
  bedrockRequestSchema,
  MAX_MODEL_ID_CHARS,
  sagemakerRequestSchema,
} from './request-bodies.ts';
import type { RouteDefinition } from './routes.ts';

/**
 * The body schema of each route whose body the gateway checks too (its JSON-schema model is
 * generated from this), by `METHOD /path`. The history bodies (history-bodies.ts) depend on a
 * deployment setting, the most messages per conversation, so only the usage API checks them.
 */
/**
 * What the gateway checks of the OpenAI- and Anthropic-compatible chat bodies: only what can
 * never succeed. SDKs send many other fields, so these stay open; the processor's compat
 * translators (ml-processor/compat/) validate every field it reads, naming it in a 400.
 */
const compatModel = z.string().check(z.minLength(1), z.maxLength(MAX_MODEL_ID_CHARS));
const openAiChatGatewayBody = z.looseObject({
  model: compatModel,
  messages: z.array(z.unknown()).check(z.minLength(1)),
  stream: z.optional(z.boolean()),
});
const anthropicMessagesGatewayBody = z.looseObject({
  model: compatModel,
  max_tokens: z.int().check(z.gte(1)),
  messages: z.array(z.unknown()).check(z.minLength(1)),
  stream: z.optional(z.boolean()),
});

const openAiEmbeddingsGatewayBody = z.looseObject({
  model: compatModel,
  input: z.union([z.string(), z.array(z.unknown()).check(z.minLength(1))]),
});
/** What the gateway checks of `POST /keys`; the usage API checks the rest (limits from settings). */
const createApiKeyGatewayBody = z.looseObject({
  name: z.string().check(z.minLength(1), z.maxLength(MAX_API_KEY_NAME_CHARS)),
  models: z.array(z.string()).check(z.minLength(1), z.maxLength(MAX_API_KEY_MODELS)),
});

/**
 * What the gateway checks of `POST /audit/records/{recordId}/content`: a reason within the
 * contract's bounds; the usage API also trims it and refuses control characters.
 */
const contentReadGatewayBody = z.looseObject({
  reason: z
    .string()
    .check(z.minLength(CONTENT_READ_REASON.minChars), z.maxLength(CONTENT_READ_REASON.maxChars)),
});

/** What the gateway checks of `PUT /admin/group-mapping`; the usage API checks each entry. */
const replaceGroupMappingGatewayBody = z.looseObject({
  version: z.int().check(z.gte(0)),
  entries: z.array(z.unknown()).check(z.maxLength(MAX_MAPPING_ENTRIES)),
});

const ROUTE_BODIES: Readonly<Record<string, z.ZodMiniType>> = {
  'POST /ml/bedrock': bedrockRequestSchema,
  'POST /ml/bedrock/stream': bedrockRequestSchema,
  'POST /ml/sagemaker': sagemakerRequestSchema,
  'POST /ml/sagemaker/stream': sagemakerRequestSchema,
  'POST /openai/v1/chat/completions': openAiChatGatewayBody,
  'POST /anthropic/v1/messages': anthropicMessagesGatewayBody,
  'POST /openai/v1/embeddings': openAiEmbeddingsGatewayBody,
  'POST /keys': createApiKeyGatewayBody,
  'POST /audit/records/{recordId}/content': contentReadGatewayBody,
  'PUT /admin/group-mapping': replaceGroupMappingGatewayBody,
};

/** The route's body schema; undefined for routes without one. */
export function bodySchemaOf(
  route: Pick<RouteDefinition, 'method' | 'path'>,
): z.ZodMiniType | undefined {
  const key = `${route.method} ${route.path}`;
  return Object.hasOwn(ROUTE_BODIES, key) ? ROUTE_BODIES[key] : undefined;
}
