import { describe, expect, it } from 'vitest';

import { CATALOG } from '../catalog.ts';
import {
  costNanoUsd,
  estimateCostUsd,
  InvalidPriceBookError,
  PRICE_BOOK,
  priceAt,
  type PriceBook,
  validatePriceBook,
} from './prices.ts';

const book: PriceBook = {
  version: 't',
  entries: [
    {
      model: 'claude-sonnet-4',
      region: 'us-east-1',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.003, outputPer1k: 0.015 },
    },
    {
      model: 'claude-sonnet-4',
      region: 'us-east-1',
      effectiveFrom: '2026-06-01',
      price: { unit: 'tokens', inputPer1k: 0.002, outputPer1k: 0.01, cacheReadPer1k: 0.0002 },
    },
    {
      model: 'claude-sonnet-4',
      region: '*',
      effectiveFrom: '2026-06-01',
      price: { unit: 'tokens', inputPer1k: 0.004, outputPer1k: 0.02 },
    },
    {
      model: 'support-sentiment',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'endpoint', perRequest: 0.0002, perSecond: 0.001 },
    },
  ],
};

describe('the price book', () => {
  it('in force is valid against the catalog', () => {
    expect(validatePriceBook(PRICE_BOOK)).toEqual(PRICE_BOOK);
  });

  it('prices a call at the entry in force on its UTC day, the region before *', () => {
    const at = (iso: string, region = 'us-east-1') =>
      priceAt(book, 'claude-sonnet-4', region, new Date(iso))?.price;
    expect(at('2025-12-31T23:59:59Z')).toBeUndefined();
    expect(at('2026-01-01T00:00:00Z')).toMatchObject({ inputPer1k: 0.003 });
    expect(at('2026-05-31T23:59:59Z')).toMatchObject({ inputPer1k: 0.003 });
    expect(at('2026-06-01T00:00:00Z')).toMatchObject({ inputPer1k: 0.002 });
    expect(at('2026-06-01T00:00:00Z', 'eu-west-1')).toMatchObject({ inputPer1k: 0.004 });
    expect(at('2026-01-02T00:00:00Z', 'eu-west-1')).toBeUndefined();
    expect(priceAt(book, 'nova-lite', 'us-east-1', new Date())).toBeUndefined();
  });

  it('charges whole nano-dollars, rounded up, for tokens, cache tokens, requests and seconds', () => {
    const june = priceAt(book, 'claude-sonnet-4', 'us-east-1', new Date('2026-06-02'));
    // 1000 in x 2000 + 500 out x 10000 + 100 cache read x 200 + 10 cache write at the input price.
    expect(
      costNanoUsd(june, {
        inputTokens: 1000,
        outputTokens: 500,
        cacheReadTokens: 100,
        cacheWriteTokens: 10,
      }),
    ).toBe(2_000_000 + 5_000_000 + 20_000 + 20_000);
    const endpoint = priceAt(book, 'support-sentiment', 'x', new Date('2026-02-01'));
    expect(
      costNanoUsd(endpoint, { inputTokens: 0, outputTokens: 0, requests: 3, modelLatencyMs: 1500 }),
    ).toBe(3 * 200_000 + 1_500_000);
    expect(costNanoUsd(endpoint, { inputTokens: 0, outputTokens: 0, modelLatencyMs: 1 })).toBe(
      1_000,
    );
    expect(costNanoUsd(undefined, { inputTokens: 5, outputTokens: 5 })).toBe(0);
    // A third of a nano-dollar is charged as one.
    const tiny = {
      ...book.entries[0]!,
      price: { unit: 'tokens' as const, inputPer1k: 0.000_000_3, outputPer1k: 0 },
    };
    expect(costNanoUsd(tiny, { inputTokens: 1, outputTokens: 0 })).toBe(1);
  });

  it('estimates a cost in dollars for the usage pages, undefined without a price', () => {
    expect(
      estimateCostUsd('claude-sonnet-4', 1000, 1000, { at: new Date('2026-02-01'), book }),
    ).toBeCloseTo(0.018, 10);
    expect(estimateCostUsd('nova-lite', 1000, 1000, { book })).toBeUndefined();
  });

  it('lists every problem of a bad book at once', () => {
    const bad = {
      version: '',
      entries: [
        {
          model: 'claude-sonnet-4',
          region: 'moon',
          effectiveFrom: '2026-13-01',
          price: { unit: 'tokens', inputPer1k: -1, outputPer1k: 0 },
        },
        {
          model: 'support-sentiment',
          region: '*',
          effectiveFrom: '2026-01-01',
          price: { unit: 'endpoint' },
        },
      ],
    };
    const error = (() => {
      try {
        validatePriceBook(bad);
      } catch (thrown) {
        return thrown as InvalidPriceBookError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidPriceBookError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^version: /),
      expect.stringMatching(/^entries\.0\.region: a region such as us-east-1, or \*/),
      expect.stringMatching(/^entries\.0\.effectiveFrom: /),
      expect.stringMatching(/^entries\.0\.price\.inputPer1k: /),
      'entries.1.price: an endpoint price needs perRequest, perSecond or both',
    ]);
  });

  it('refuses unknown models, the wrong unit for a provider, and two entries for one day', () => {
    const entry = book.entries[0]!;
    expect(() =>
      validatePriceBook(
        {
          version: 'v',
          entries: [
            { ...entry, model: 'gpt-nothing' },
            { ...entry, model: 'support-sentiment' },
            entry,
            entry,
          ],
        },
        CATALOG,
      ),
    ).toThrow(
      new InvalidPriceBookError([
        'entries.0 (gpt-nothing, us-east-1, 2026-01-01): no catalog entry has the id "gpt-nothing"',
        'entries.1 (support-sentiment, us-east-1, 2026-01-01): a sagemaker model is priced per request or second (unit "endpoint")',
        'entries.3 (claude-sonnet-4, us-east-1, 2026-01-01): a second entry for that model, region and day',
      ]).message,
    );
  });
});
