import { z } from 'zod';
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
const compatModel = z.string().min(1).max(MAX_MODEL_ID_CHARS);
const openAiChatGatewayBody = z.looseObject({
  model: compatModel,
  messages: z.array(z.unknown()).min(1),
  stream: z.boolean().optional(),
});
const anthropicMessagesGatewayBody = z.looseObject({
  model: compatModel,
  max_tokens: z.int().min(1),
  messages: z.array(z.unknown()).min(1),
  stream: z.boolean().optional(),
});

const ROUTE_BODIES: Readonly<Record<string, z.ZodType>> = {
  'POST /ml/bedrock': bedrockRequestSchema,
  'POST /ml/bedrock/stream': bedrockRequestSchema,
  'POST /ml/sagemaker': sagemakerRequestSchema,
  'POST /ml/sagemaker/stream': sagemakerRequestSchema,
  'POST /openai/v1/chat/completions': openAiChatGatewayBody,
  'POST /anthropic/v1/messages': anthropicMessagesGatewayBody,
};

/** The route's body schema; undefined for routes without one. */
export function bodySchemaOf(
  route: Pick<RouteDefinition, 'method' | 'path'>,
): z.ZodType | undefined {
  const key = `${route.method} ${route.path}`;
  return Object.hasOwn(ROUTE_BODIES, key) ? ROUTE_BODIES[key] : undefined;
}
