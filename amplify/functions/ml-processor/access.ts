import type { APIGatewayProxyEvent } from 'aws-lambda';

import { type BedrockModel, type CatalogEntry, findEntry, isAllowed } from '../../catalog.ts';
import type { EmbeddingSpec } from '../../contract/models.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import { type Caller, readCaller, refusalMessage } from '../shared/authorizer-context.ts';

/**
 * The caller from the authorizer context; 401 when the context is missing or malformed, or
 * when the token expired while the gateway's cached decision still lets it through.
 */
export function callerOf(event: APIGatewayProxyEvent, nowMs: number = Date.now()): Caller {
  const { caller, refusal } = readCaller(event.requestContext?.authorizer, nowMs);
  if (!caller) throw new ApiError(401, 'UNAUTHORIZED', refusalMessage(refusal));
  return caller;
}

/**
 * The catalog entry the caller asked for: 404 when it does not exist (for this provider),
 * 403 when the caller's groups or claims do not allow it. Checked on every request.
 */
export function resolveEntry<P extends CatalogEntry['provider']>(
  catalog: readonly CatalogEntry[],
  provider: P,
  id: string,
  caller: Caller,
  field: string,
): Extract<CatalogEntry, { provider: P }> {
  const entry = findEntry(id, provider, catalog);
  if (!entry)
    throw new ApiError(404, 'MODEL_NOT_FOUND', `No ${provider} model "${id}" in the catalog`, {
      field,
    });
  if (!isAllowed(entry, caller))
    throw new ApiError(403, 'MODEL_NOT_ALLOWED', `You may not use the model "${id}"`, { field });
  return entry;
}

/** A Bedrock chat model the caller may use; 400 for an embedding model, which cannot chat. */
export function resolveChatModel(
  catalog: readonly CatalogEntry[],
  id: string,
  caller: Caller,
  field: string,
): BedrockModel {
  const entry = resolveEntry(catalog, 'bedrock', id, caller, field);
  if (entry.embedding)
    throw badRequest(field, `"${id}" is an embedding model: send it to POST /openai/v1/embeddings`);
  return entry;
}

/** A Bedrock embedding model the caller may use; 400 for a chat model. */
export function resolveEmbeddingModel(
  catalog: readonly CatalogEntry[],
  id: string,
  caller: Caller,
  field: string,
): BedrockModel & { readonly embedding: EmbeddingSpec } {
  const entry = resolveEntry(catalog, 'bedrock', id, caller, field);
  if (!entry.embedding)
    throw badRequest(
      field,
      `"${id}" is not an embedding model (GET /openai/v1/models lists the models you may use)`,
    );
  return { ...entry, embedding: entry.embedding };
}
