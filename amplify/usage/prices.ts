// zod/mini: the processors bundle the price book, and full zod would add about 400 KiB.
import '../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { CATALOG, type CatalogEntry } from '../catalog.ts';

/**
 * The price book: what each model call costs, per catalog id and region, from a date on.
 * The ledger charges every call at the entry in force at the call's start (see docs/usage.md,
 * "Price book"). To change a price, ADD an entry with a later `effectiveFrom`; never edit a
 * past one, so usage already recorded keeps the price it was charged at.
 */

const usd = z.number().check(z.minimum(0));

/** Bedrock: USD per 1,000 tokens of each kind, as on the provider's price list. */
const tokenPriceSchema = z.strictObject({
  unit: z.literal('tokens'),
  inputPer1k: usd,
  outputPer1k: usd,
  /** Tokens read from a prompt cache; when absent, charged as input tokens. */
  cacheReadPer1k: z.optional(usd),
  /** Tokens written to a prompt cache; when absent, charged as input tokens. */
  cacheWritePer1k: z.optional(usd),
});

/**
 * SageMaker: USD per request and/or per second of model latency. SageMaker bills instance
 * hours; these are the company's chargeback rates for an endpoint, set by its owner.
 */
const endpointPriceSchema = z
  .strictObject({
    unit: z.literal('endpoint'),
    perRequest: z.optional(usd),
    perSecond: z.optional(usd),
  })
  .check(
    z.refine((price) => price.perRequest !== undefined || price.perSecond !== undefined, {
      message: 'an endpoint price needs perRequest, perSecond or both',
    }),
  );

const priceEntrySchema = z.strictObject({
  /** Catalog id (`modelId` / `modelName` the app sends). */
  model: z.string().check(z.minLength(1)),
  /** AWS region of the deployment, or `*` for every region. */
  region: z
    .string()
    .check(z.regex(/^(\*|[a-z]{2}(-[a-z]+)+-\d)$/, 'a region such as us-east-1, or *')),
  /** First UTC day (`yyyy-mm-dd`) the price applies. */
  effectiveFrom: z.iso.date(),
  price: z.discriminatedUnion('unit', [tokenPriceSchema, endpointPriceSchema]),
});

const priceBookSchema = z.strictObject({
  /** Changes with every edit; each usage record names the version it was priced by. */
  version: z.string().check(z.minLength(1)),
  entries: z.array(priceEntrySchema),
});

export type TokenPrice = z.infer<typeof tokenPriceSchema>;
export type EndpointPrice = z.infer<typeof endpointPriceSchema>;
export type PriceEntry = z.infer<typeof priceEntrySchema>;
export type PriceBook = z.infer<typeof priceBookSchema>;

/** The price book in force. */
export const PRICE_BOOK: PriceBook = {
  version: '2026-11-30.1',
  entries: [
    ...['us-east-1', 'us-west-2'].flatMap((region) => [
      {
        model: 'claude-sonnet-4',
        region,
        effectiveFrom: '2025-05-22',
        price: {
          unit: 'tokens' as const,
          inputPer1k: 0.003,
          outputPer1k: 0.015,
          cacheReadPer1k: 0.0003,
          cacheWritePer1k: 0.00375,
        },
      },
      {
        model: 'nova-lite',
        region,
        effectiveFrom: '2024-12-03',
        price: {
          unit: 'tokens' as const,
          inputPer1k: 0.00006,
          outputPer1k: 0.00024,
          cacheReadPer1k: 0.000015,
        },
      },
      {
        // Embeddings are billed on input tokens only.
        model: 'titan-embed-v2',
        region,
        effectiveFrom: '2024-04-30',
        price: { unit: 'tokens' as const, inputPer1k: 0.00002, outputPer1k: 0 },
      },
    ]),
    // Chargeback rates of the company's SageMaker endpoints (the others are unpriced and
    // limited by the per-user request quota, budgets.ts).
    {
      model: 'support-sentiment',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'endpoint', perRequest: 0.0002 },
    },
    {
      model: 'mistral-7b-stream',
      region: '*',
      effectiveFrom: '2026-01-01',
      price: { unit: 'endpoint', perRequest: 0.0001, perSecond: 0.0004 },
    },
  ],
};

/**
 * Reads a price book given as JSON (the functions' `PRICE_BOOK`, which local mode sets to its
 * models' prices); the ledger validates it against the catalog it serves.
 */
export function parsePriceBook(json: string): PriceBook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidPriceBookError(['PRICE_BOOK is not JSON']);
  }
  return parsed as PriceBook;
}

export class InvalidPriceBookError extends Error {
  override readonly name = 'InvalidPriceBookError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`The price book has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}

/**
 * Validates a price book against its schema and the catalog, listing every problem at once:
 * shape, unknown models, a token price on an endpoint (or the reverse), two entries for the
 * same model, region and day.
 */
export function validatePriceBook(
  book: unknown,
  catalog: readonly CatalogEntry[] = CATALOG,
): PriceBook {
  const parsed = priceBookSchema.safeParse(book);
  if (!parsed.success)
    throw new InvalidPriceBookError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(book)'}: ${issue.message}`),
    );
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.entries.forEach((entry, i) => {
    const where = `entries.${i} (${entry.model}, ${entry.region}, ${entry.effectiveFrom})`;
    const model = catalog.find((candidate) => candidate.id === entry.model);
    if (!model) problems.push(`${where}: no catalog entry has the id "${entry.model}"`);
    else if ((model.provider === 'bedrock') !== (entry.price.unit === 'tokens'))
      problems.push(
        `${where}: a ${model.provider} model is priced per ${model.provider === 'bedrock' ? 'token (unit "tokens")' : 'request or second (unit "endpoint")'}`,
      );
    const key = `${entry.model}|${entry.region}|${entry.effectiveFrom}`;
    if (seen.has(key)) problems.push(`${where}: a second entry for that model, region and day`);
    seen.add(key);
  });
  if (problems.length > 0) throw new InvalidPriceBookError(problems);
  return parsed.data;
}

/**
 * The entry that prices a call on `model` in `region` started at `at`: the latest
 * `effectiveFrom` on or before that UTC day, an entry for the region before a `*` one of the
 * same day (`region` `*` takes any region). Undefined when the model has no price then.
 */
export function priceAt(
  book: PriceBook,
  model: string,
  region: string,
  at: Date,
): PriceEntry | undefined {
  const day = at.toISOString().slice(0, 10);
  let best: PriceEntry | undefined;
  for (const entry of book.entries) {
    if (entry.model !== model || entry.effectiveFrom > day) continue;
    if (region !== '*' && entry.region !== region && entry.region !== '*') continue;
    if (
      !best ||
      entry.effectiveFrom > best.effectiveFrom ||
      (entry.effectiveFrom === best.effectiveFrom && entry.region !== '*')
    )
      best = entry;
  }
  return best;
}

/** What a call used, in the units the price book prices. */
export interface PricedAmounts {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  readonly requests?: number;
  readonly modelLatencyMs?: number;
}

/** Nano-dollars (1e-9 USD) in one dollar: the ledger counts money in whole nano-dollars. */
export const NANO_USD_PER_USD = 1_000_000_000;

/**
 * The cost of `amounts` at `entry`, in whole nano-dollars rounded up (DynamoDB adds whole
 * numbers exactly, so counters and the records they are rebuilt from agree to the last unit).
 */
export function costNanoUsd(entry: PriceEntry | undefined, amounts: PricedAmounts): number {
  if (!entry) return 0;
  const price = entry.price;
  // Per-1k USD prices as nano-dollars per token, rounded to a thousandth to shed float noise.
  const perToken = (per1k: number) => Math.round(per1k * 1_000_000_000) / 1000;
  let nano: number;
  if (price.unit === 'tokens') {
    const input = perToken(price.inputPer1k);
    nano =
      amounts.inputTokens * input +
      amounts.outputTokens * perToken(price.outputPer1k) +
      (amounts.cacheReadTokens ?? 0) *
        (price.cacheReadPer1k === undefined ? input : perToken(price.cacheReadPer1k)) +
      (amounts.cacheWriteTokens ?? 0) *
        (price.cacheWritePer1k === undefined ? input : perToken(price.cacheWritePer1k));
  } else {
    nano =
      (amounts.requests ?? 0) * Math.round((price.perRequest ?? 0) * NANO_USD_PER_USD) +
      ((amounts.modelLatencyMs ?? 0) * Math.round((price.perSecond ?? 0) * NANO_USD_PER_USD)) /
        1000;
  }
  return Math.ceil(nano - 1e-6);
}

/** Nano-dollars as US dollars. */
export function usdOf(nanoUsd: number): number {
  return nanoUsd / NANO_USD_PER_USD;
}

/**
 * Estimated cost in USD of that many tokens on a model at a time (today by default), or
 * undefined when it has no price then. For usage recorded before records carried their cost.
 */
export function estimateCostUsd(
  modelId: string,
  inputTokens: number,
  outputTokens: number,
  options: { readonly at?: Date; readonly region?: string; readonly book?: PriceBook } = {},
): number | undefined {
  const entry = priceAt(
    options.book ?? PRICE_BOOK,
    modelId,
    options.region ?? '*',
    options.at ?? new Date(),
  );
  if (!entry) return undefined;
  return usdOf(costNanoUsd(entry, { inputTokens, outputTokens }));
}

/** Rounds a sum of estimates to a hundredth of a cent, for display. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
