import '../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import type { EmbeddingSpec } from '../../contract/models.ts';
import { ApiError } from '../shared/api-error.ts';

/** One text's embedding as the model answered it. */
export interface Embedding {
  readonly vector: number[];
  /** Input tokens the model counted (what the call is charged). */
  readonly tokens: number;
}

/** How to ask an embedding model for one text's vector, and read its answer. */
export interface EmbeddingFormat {
  body(text: string, dimensions: number): object;
  read(answer: unknown): Embedding;
}

// Titan Text Embeddings V2's InvokeModel body and answer ("Amazon Titan Embeddings Text",
// docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html).
const titanAnswer = z.object({
  embedding: z.array(z.number()).check(z.minLength(1)),
  inputTextTokenCount: z.int().check(z.gte(0)),
});

const TITAN_TEXT_V2: EmbeddingFormat = {
  body: (text, dimensions) => ({ inputText: text, dimensions, normalize: true }),
  read(answer) {
    const parsed = titanAnswer.safeParse(answer);
    if (!parsed.success)
      throw new ApiError(502, 'MODEL_ERROR', 'The embedding model answered in an unknown shape');
    return { vector: parsed.data.embedding, tokens: parsed.data.inputTextTokenCount };
  },
};

/** The body format of each catalog `embedding.format`. */
export const EMBEDDING_FORMATS: Readonly<Record<EmbeddingSpec['format'], EmbeddingFormat>> = {
  'titan-text-v2': TITAN_TEXT_V2,
};
