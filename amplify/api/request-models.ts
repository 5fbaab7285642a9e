import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod/mini';

import { bodySchemaOf } from '../contract/route-bodies.ts';

/**
 * The JSON-schema model API Gateway checks before calling a Lambda, generated from the route's
 * body schema in the contract, so the gateway and the function cannot disagree on a limit.
 * API Gateway models use JSON Schema draft 4 ("Data models for REST APIs",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html).
 */
function gatewayModelOf(schema: z.ZodMiniType): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: 'draft-4', io: 'input' });
  return toCdkSchema(generated) as JsonSchema;
}

/** The model for a route's body; undefined for routes without one. */
export function requestSchemaFor(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
): JsonSchema | undefined {
  const schema = bodySchemaOf({ method, path });
  return schema ? gatewayModelOf(schema) : undefined;
}

/**
 * JSON Schema keywords to CDK's `JsonSchema` names (`$schema` is `schema`, `$ref` is `ref`),
 * leaving unknown fields to the function: its 400 names the field, the gateway's cannot.
 */
function toCdkSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toCdkSchema);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node)
    .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
    .map(([key, value]) => [
      key.replace(/^\$/, ''),
      key === 'properties' ? mapValues(value) : toCdkSchema(value),
    ]);
  return Object.fromEntries(entries);
}

/** `properties` holds field names, not keywords: only their schemas are converted. */
function mapValues(properties: unknown): unknown {
  return Object.fromEntries(
    Object.entries(properties as Record<string, unknown>).map(([name, value]) => [
      name,
      toCdkSchema(value),
    ]),
  );
}
