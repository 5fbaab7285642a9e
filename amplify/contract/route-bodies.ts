import type { z } from 'zod';
import { bedrockRequestSchema, sagemakerRequestSchema } from './request-bodies.ts';
import type { RouteDefinition } from './routes.ts';

/**
 * The body schema of each route that takes a JSON body the gateway can check on its own, by
 * `METHOD /path`. (The history bodies depend on a deployment setting, the most messages per
 * conversation, so the usage API checks them alone.)
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
