import { describe, expect, it } from 'vitest';

import { localEmbedding } from '../../../../local/models/embeddings.ts';
import { LOCAL_CATALOG } from '../../../../local/models/local-catalog.ts';
import { findEntry } from '../../../catalog.ts';
import { base64Vector, embeddingRequest, openAiEmbeddingList } from './openai-embeddings.ts';

const embed = findEntry('local.embed', 'bedrock', LOCAL_CATALOG)!;
const model = { ...embed, embedding: embed.embedding! };

describe('OpenAI embeddings translation', () => {
  it('encodes base64 as little-endian float32s, as OpenAI clients decode it', () => {
    const bytes = Buffer.from(base64Vector([1, -0.5, 0.25]), 'base64');
    expect(bytes).toHaveLength(12);
    expect([0, 4, 8].map((offset) => bytes.readFloatLE(offset))).toEqual([1, -0.5, 0.25]);
  });

  it('takes one text or a list, the first offered size by default, float unless asked', () => {
    expect(embeddingRequest({ model: 'local.embed', input: 'one' }, model)).toEqual({
      texts: ['one'],
      dimensions: 256,
      encoding: 'float',
    });
    expect(
      embeddingRequest(
        { model: 'local.embed', input: ['a', 'b'], dimensions: 1024, encoding_format: 'base64' },
        model,
      ),
    ).toEqual({ texts: ['a', 'b'], dimensions: 1024, encoding: 'base64' });
  });

  it('names the one text over the model’s limit', () => {
    const long = 'x'.repeat(embed.limits.maxInputChars + 1);
    expect(() => embeddingRequest({ model: 'local.embed', input: long }, model)).toThrow(
      expect.objectContaining({ field: 'input', status: 400 }),
    );
    expect(() => embeddingRequest({ model: 'local.embed', input: ['ok', long] }, model)).toThrow(
      expect.objectContaining({ field: 'input[1]' }),
    );
  });

  it('answers in request order with the summed token usage', () => {
    const list = openAiEmbeddingList(
      'local.embed',
      [
        { vector: [0.5], tokens: 2 },
        { vector: [0.25], tokens: 3 },
      ],
      'float',
    );
    expect(list).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5] },
        { object: 'embedding', index: 1, embedding: [0.25] },
      ],
      model: 'local.embed',
      usage: { prompt_tokens: 5, total_tokens: 5 },
    });
  });
});

describe('the local embedding model', () => {
  it('gives the same unit vector for the same text, and counts words as tokens', () => {
    const first = localEmbedding('Shared words here', 256);
    expect(localEmbedding('shared  words here', 256)).toEqual(first);
    expect(Math.hypot(...first.embedding)).toBeCloseTo(1, 10);
    expect(first.tokens).toBe(3);
    expect(
      localEmbedding('shared words here', 256, false).embedding.some((v) => Math.abs(v) >= 1),
    ).toBe(true);
  });
});
