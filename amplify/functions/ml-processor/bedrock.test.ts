import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../../local/models/local-catalog.ts';
import type { BedrockModel } from '../../catalog.ts';
import { converseInput, converseWorstCase, usageOf } from './bedrock.ts';

const entry = (id: string) =>
  LOCAL_CATALOG.find((candidate): candidate is BedrockModel => candidate.id === id)!;
const cache = { minSystemChars: 10 };
const request = (system: string) => ({
  modelId: 'local.echo',
  prompt: 'hello',
  system,
  parameters: { maxTokens: 20 },
});

describe('converseInput: prompt-cache checkpoints', () => {
  it('follows a system prompt of at least minSystemChars with a cachePoint', () => {
    expect(converseInput(entry('local.echo'), request('x'.repeat(10)), cache).system).toEqual([
      { text: 'x'.repeat(10) },
      { cachePoint: { type: 'default' } },
    ]);
  });

  it('leaves a shorter one, and a model without promptCaching, without a checkpoint', () => {
    expect(converseInput(entry('local.echo'), request('x'.repeat(9)), cache).system).toEqual([
      { text: 'x'.repeat(9) },
    ]);
    expect(converseInput(entry('local.summarizer'), request('x'.repeat(50)), cache).system).toEqual(
      [{ text: 'x'.repeat(50) }],
    );
  });
});

describe('converseWorstCase', () => {
  it('holds every input character and maxTokens', () => {
    const input = converseInput(entry('local.echo'), request('abc'), cache);
    expect(converseWorstCase(input)).toEqual({ inputTokens: 8, outputTokens: 20 });
  });

  it('holds a cached system prompt as a cache write', () => {
    const input = converseInput(entry('local.echo'), request('s'.repeat(12)), cache);
    expect(converseWorstCase(input)).toEqual({
      inputTokens: 5,
      cacheWriteTokens: 12,
      outputTokens: 20,
    });
  });
});

describe('usageOf', () => {
  it('answers the cache fields only when the model sent them', () => {
    expect(usageOf({ inputTokens: 3, outputTokens: 4, totalTokens: 7 })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
    });
    expect(
      usageOf({
        inputTokens: 3,
        outputTokens: 4,
        totalTokens: 17,
        cacheReadInputTokens: 10,
        cacheWriteInputTokens: 0,
      }),
    ).toEqual({ inputTokens: 3, outputTokens: 4, cacheReadTokens: 10, cacheWriteTokens: 0 });
    expect(usageOf(undefined)).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});
