/**
 * `POST /openai/v1/embeddings` request → the texts to embed, and the embeddings → OpenAI's
 * answer. `user` and other fields the gateway does not use are accepted and ignored.
 */
import * as z from 'zod/mini';

import type { BedrockModel } from '../../../catalog.ts';
import type { EmbeddingSpec } from '../../../contract/models.ts';
import { badRequest } from '../../shared/api-error.ts';
import type { Embedding } from '../embeddings.ts';

export const openAiEmbeddingsSchema = z.looseObject({
  model: z.string().check(z.minLength(1)),
  // Items are checked one by one below, so a token array gets its own answer.
  input: z.union([z.string(), z.array(z.unknown()).check(z.minLength(1))]),
  encoding_format: z.optional(z.enum(['float', 'base64'])),
  dimensions: z.optional(z.int().check(z.gte(1))),
});
export type OpenAiEmbeddingsBody = z.infer<typeof openAiEmbeddingsSchema>;

/** What one embeddings request asks of the model. */
export interface EmbeddingRequest {
  readonly texts: readonly string[];
  readonly dimensions: number;
  readonly encoding: 'float' | 'base64';
}

/** The request's texts and vector size, within the model's limits; 400 naming the field. */
export function embeddingRequest(
  body: OpenAiEmbeddingsBody,
  entry: BedrockModel & { readonly embedding: EmbeddingSpec },
): EmbeddingRequest {
  const items = typeof body.input === 'string' ? [body.input] : body.input;
  const { maxInputs, dimensions: offered } = entry.embedding;
  if (items.length > maxInputs)
    throw badRequest(
      'input',
      `input holds ${items.length} texts; "${entry.id}" takes at most ${maxInputs} per request`,
    );
  const texts = items.map((item, i) => {
    const field = typeof body.input === 'string' ? 'input' : `input[${i}]`;
    if (typeof item === 'number' || Array.isArray(item))
      throw badRequest(field, `${field}: token arrays are not supported; send the text itself`);
    if (typeof item !== 'string') throw badRequest(field, `${field} must be a string`);
    if (item.length === 0) throw badRequest(field, `${field} is empty`);
    if (item.length > entry.limits.maxInputChars)
      throw badRequest(
        field,
        `${field} has ${item.length} characters; "${entry.id}" takes at most ${entry.limits.maxInputChars}`,
      );
    return item;
  });
  const dimensions = body.dimensions ?? offered[0]!;
  if (!offered.includes(dimensions))
    throw badRequest(
      'dimensions',
      `"${entry.id}" offers dimensions ${offered.join(', ')}, not ${dimensions}`,
    );
  return { texts, dimensions, encoding: body.encoding_format ?? 'float' };
}

/** A vector as OpenAI's `base64` encoding sends it: little-endian float32s. */
export function base64Vector(vector: readonly number[]): string {
  const bytes = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((value, i) => bytes.setFloat32(i * 4, value, true));
  return Buffer.from(bytes.buffer).toString('base64');
}

/** OpenAI's embeddings answer (`object: "list"`), in request order. */
export function openAiEmbeddingList(
  model: string,
  embeddings: readonly Embedding[],
  encoding: EmbeddingRequest['encoding'],
) {
  const tokens = embeddings.reduce((sum, embedding) => sum + embedding.tokens, 0);
  return {
    object: 'list' as const,
    data: embeddings.map((embedding, index) => ({
      object: 'embedding' as const,
      index,
      embedding: encoding === 'base64' ? base64Vector(embedding.vector) : embedding.vector,
    })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
