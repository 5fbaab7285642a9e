/**
 * The model lists of the compatible APIs: the catalog's Bedrock models the caller may use
 * (OpenAI's list names embedding models too, as OpenAI's does; Anthropic has none).
 */
import { type CatalogEntry, modelsFor } from '../../../catalog.ts';
import type { Caller } from '../../shared/authorizer-context.ts';

/** Who the model lists name as the owner of every model. */
const MODEL_OWNER = 'ml-gateway';

/** The caller's Bedrock models, chat and embedding. */
const bedrockModels = (caller: Caller, catalog: readonly CatalogEntry[]) =>
  modelsFor(caller, catalog).filter((entry) => entry.provider === 'bedrock');

/** The caller's Bedrock chat models. */
const chatModels = (caller: Caller, catalog: readonly CatalogEntry[]) =>
  bedrockModels(caller, catalog).filter((entry) => !entry.embedding);

/** `GET /openai/v1/models`. */
export function openAiModelList(caller: Caller, catalog: readonly CatalogEntry[]) {
  return {
    object: 'list' as const,
    data: bedrockModels(caller, catalog).map((entry) => ({
      id: entry.id,
      object: 'model' as const,
      created: 0,
      owned_by: MODEL_OWNER,
    })),
  };
}

/** `GET /anthropic/v1/models` (one page holds the whole catalog). */
export function anthropicModelList(caller: Caller, catalog: readonly CatalogEntry[]) {
  const data = chatModels(caller, catalog).map((entry) => ({
    type: 'model' as const,
    id: entry.id,
    display_name: entry.label,
    created_at: new Date(0).toISOString(),
  }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
