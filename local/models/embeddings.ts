import { createHash } from 'node:crypto';

import { words } from './models.ts';

/** The vector sizes Titan Text Embeddings V2 offers (and so the local model). */
export const LOCAL_EMBEDDING_DIMENSIONS: readonly number[] = [256, 512, 1024];

/**
 * The local embedding model: each word adds ±1 at a place chosen by its hash, so texts that
 * share words point the same way (a search over local vectors finds what a person expects),
 * and the same text always gives the same vector. Normalized to length 1 unless asked not to,
 * as Titan V2 does by default. Its tokens are the text's words.
 */
export function localEmbedding(
  text: string,
  dimensions: number,
  normalize = true,
): { embedding: number[]; tokens: number } {
  const vector = new Array<number>(dimensions).fill(0);
  const tokens = words(text.toLowerCase());
  for (const word of tokens) {
    const digest = createHash('sha256').update(word).digest();
    const slot = digest.readUInt32BE(0) % dimensions;
    vector[slot]! += digest[4]! & 1 ? 1 : -1;
  }
  const length = Math.hypot(...vector);
  const embedding = normalize && length > 0 ? vector.map((value) => value / length) : vector;
  return { embedding, tokens: tokens.length };
}
