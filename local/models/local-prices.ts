import type { PriceBook } from '../../amplify/usage/prices.ts';
import { LOCAL_CATALOG } from './local-catalog.ts';

/**
 * The prices of LOCAL_CATALOG's models (local mode and tests): priced, so USD budgets can be
 * tried offline. Local mode hands it to the functions as `PRICE_BOOK`.
 */
export const LOCAL_PRICE_BOOK: PriceBook = {
  version: 'local-2026-11-30.1',
  entries: [
    {
      model: 'local.echo',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.001, outputPer1k: 0.002, cacheReadPer1k: 0.0001 },
    },
    {
      model: 'local.summarizer',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.001, outputPer1k: 0.002 },
    },
    {
      model: 'local.markdown',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.001, outputPer1k: 0.002 },
    },
    {
      model: 'local.attachments',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.003, outputPer1k: 0.015 },
    },
    {
      model: 'local.embed',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'tokens', inputPer1k: 0.0001, outputPer1k: 0 },
    },
    {
      model: 'local-sentiment',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'endpoint', perRequest: 0.001 },
    },
    {
      model: 'local-text-stream',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'endpoint', perSecond: 0.01 },
    },
  ],
};

/** A ledger's or usage reader's options for the local models: their catalog and prices. */
export const LOCAL_PRICING = { catalog: LOCAL_CATALOG, priceBook: LOCAL_PRICE_BOOK } as const;
