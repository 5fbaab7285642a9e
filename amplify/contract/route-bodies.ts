import type { z } from 'zod';
import { bedrockRequestSchema, sagemakerRequestSchema } from './request-bodies.ts';
import type { RouteDefinition } from './routes.ts';

/**
 * The body schema of each route whose body the gateway checks too (its JSON-schema model is
 * generated from this), by `METHOD /path`. The history bodies (history-bodies.ts) depend on a
 * deployment setting, the most messages per conversation, so only the usage API checks them.
 */
const ROUTE_BODIES: Readonly<Record<string, z.ZodType>> = {
  'POST /ml/bedrock': bedrockRequestSchema,
  'POST /ml/bedrock/stream': bedrockRequestSchema,
  'POST /ml/sagemaker': sagemakerRequestSchema,
  'POST /ml/sagemaker/stream': sagemakerRequestSchema,
};

/** The route's body schema; undefined for routes without one. */
export function bodySchemaOf(
  route: Pick<RouteDefinition, 'method' | 'path'>,
): z.ZodType | undefined {
  const key = `${route.method} ${route.path}`;
  return Object.hasOwn(ROUTE_BODIES, key) ? ROUTE_BODIES[key] : undefined;
}
