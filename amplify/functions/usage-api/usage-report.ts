import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

import type {
  BudgetStanding,
  OwnUsage,
  PeriodUsage,
  UsageReport,
  UsageTotals,
} from '../../contract/usage.ts';
import {
  type Budget,
  type BudgetConfig,
  budgetFor,
  BUDGETS,
  costCentreFor,
  poolsFor,
  type RequestQuota,
} from '../../usage/budgets.ts';
import {
  estimateCostUsd,
  PRICE_BOOK,
  type PriceBook,
  roundUsd,
  usdOf,
} from '../../usage/prices.ts';
import { USAGE_TABLE } from '../../usage/table-definitions.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import type { BudgetScope, BudgetUnit } from '../shared/usage-ledger-errors.ts';
import {
  type Charge,
  chargeOf,
  costCentreKey,
  groupKey,
  periodKey,
  userKey,
} from '../shared/usage-ledger-items.ts';
import {
  type BudgetPeriod,
  dayKey,
  daysBetween,
  monthKey,
  periodResetsAt,
} from '../shared/usage-periods.ts';

export type { BudgetStanding, OwnUsage, PeriodUsage, UsageReport, UsageTotals };

interface UsageRecord {
  sub: string;
  username: string;
  groups: string[];
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Absent on records written before costs were recorded. */
  nanoUsd?: number;
  day: string;
}

/** Reads usage: the caller's own standing, and the administrators' report. */
export class UsageReader {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #budgets: BudgetConfig;
  readonly #priceBook: PriceBook;
  readonly #now: () => Date;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    budgets?: BudgetConfig;
    priceBook?: PriceBook;
    now?: () => Date;
  }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#budgets = options.budgets ?? BUDGETS;
    this.#priceBook = options.priceBook ?? PRICE_BOOK;
    this.#now = options.now ?? (() => new Date());
  }

  /** The caller's standing in every budget and this month's usage per model and day. */
  async ownUsage(caller: Caller): Promise<OwnUsage> {
    const now = this.#now();
    const budget = budgetFor(caller, this.#budgets);
    const scopes = this.#scopesOf(caller, budget);
    const [counters, records] = await Promise.all([
      Promise.all(
        scopes.flatMap((scope) =>
          (['day', 'month'] as const).map(async (period) => ({
            ...scope,
            period,
            used: await this.#counter(scope.owner, period, now),
          })),
        ),
      ),
      this.#query({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': USAGE_TABLE.partitionKey, '#sk': USAGE_TABLE.sortKey },
        ExpressionAttributeValues: { ':pk': userKey(caller), ':prefix': `REC#${monthKey(now)}` },
      }),
    ]);
    const own = (period: BudgetPeriod): PeriodUsage => {
      const used = counters.find((c) => c.scope === 'user' && c.period === period)!.used;
      return {
        usedTokens: used.tokens,
        limitTokens: period === 'day' ? budget.tokensPerDay : budget.tokensPerMonth,
        requests: used.requests,
        resetsAt: periodResetsAt(period, now).toISOString(),
      };
    };
    return {
      day: own('day'),
      month: own('month'),
      budgets: counters.flatMap(({ scope, scopeName, period, used, budget: limits }) =>
        standings(
          limits,
          period,
          used,
          scope === 'user' ? this.#budgets.unpricedRequests : undefined,
        ).map((standing) => ({
          scope,
          ...(scopeName === undefined ? {} : { scopeName }),
          period,
          ...standing,
          resetsAt: periodResetsAt(period, now).toISOString(),
        })),
      ),
      byModel: this.#group(records, (record) => [record.modelId], 'modelId'),
      byDay: this.#group(records, (record) => [record.day], 'day').sort((a, b) =>
        a.day.localeCompare(b.day),
      ),
    };
  }

  /** Usage of every user between two UTC days (both included), per user, group, model, day. */
  async report(from: string, to: string): Promise<UsageReport> {
    const pages = await Promise.all(
      daysBetween(from, to).map((day) =>
        this.#query({
          IndexName: USAGE_TABLE.byDayIndex.name,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': USAGE_TABLE.byDayIndex.partitionKey },
          ExpressionAttributeValues: { ':day': day },
        }),
      ),
    );
    const records = pages.flat();
    const usernames = new Map(records.map((record) => [record.sub, record.username]));
    return {
      from,
      to,
      totals: this.#totals(records),
      byUser: this.#group(records, (record) => [record.sub], 'sub').map((row) => ({
        ...row,
        username: usernames.get(row.sub) ?? '',
      })),
      byGroup: this.#group(records, (record) => record.groups, 'group'),
      byModel: this.#group(records, (record) => [record.modelId], 'modelId'),
      byDay: this.#group(records, (record) => [record.day], 'day').sort((a, b) =>
        a.day.localeCompare(b.day),
      ),
    };
  }

  /** The caller's budgets: own, each group pool, the cost centre. */
  #scopesOf(caller: Caller, budget: Budget) {
    const scopes: { scope: BudgetScope; scopeName?: string; owner: string; budget: Budget }[] = [
      { scope: 'user', owner: userKey(caller), budget },
      ...poolsFor(caller, this.#budgets).map((pool) => ({
        scope: 'group' as const,
        scopeName: pool.group,
        owner: groupKey(pool.group),
        budget: pool.budget,
      })),
    ];
    const centre = costCentreFor(caller, this.#budgets);
    if (centre)
      scopes.push({
        scope: 'costCentre',
        scopeName: centre.costCentre,
        owner: costCentreKey(centre.costCentre),
        budget: centre.budget,
      });
    return scopes;
  }

  async #counter(owner: string, period: BudgetPeriod, now: Date): Promise<Charge> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: periodKey(owner, period, now) }),
    );
    return chargeOf(Item);
  }

  async #query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const records: UsageRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...input, TableName: this.#tableName, ExclusiveStartKey: startKey }),
      );
      records.push(...((page.Items ?? []) as UsageRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  #totals(records: readonly UsageRecord[]): UsageTotals {
    let cost: number | undefined = 0;
    const totals = {
      requests: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    };
    for (const record of records) {
      totals.requests += 1;
      totals.inputTokens += record.inputTokens;
      totals.outputTokens += record.outputTokens;
      totals.cacheReadTokens += record.cacheReadTokens ?? 0;
      totals.cacheWriteTokens += record.cacheWriteTokens ?? 0;
      const recordCost =
        record.nanoUsd !== undefined
          ? usdOf(record.nanoUsd)
          : estimateCostUsd(record.modelId, record.inputTokens, record.outputTokens, {
              at: new Date(`${record.day}T00:00:00Z`),
              book: this.#priceBook,
            });
      cost = cost === undefined || recordCost === undefined ? undefined : cost + recordCost;
    }
    return {
      ...totals,
      ...(cost === undefined ? {} : { estimatedCostUsd: roundUsd(cost) }),
    };
  }

  /** Totals per key (a record may count under several keys, e.g. its groups), most tokens first. */
  #group<K extends string>(
    records: readonly UsageRecord[],
    keysOf: (record: UsageRecord) => readonly string[],
    name: K,
  ): (UsageTotals & Record<K, string>)[] {
    const buckets = new Map<string, UsageRecord[]>();
    for (const record of records)
      for (const key of keysOf(record)) {
        const bucket = buckets.get(key);
        if (bucket) bucket.push(record);
        else buckets.set(key, [record]);
      }
    return [...buckets]
      .map(
        ([key, bucket]) =>
          ({ ...this.#totals(bucket), [name]: key }) as UsageTotals & Record<K, string>,
      )
      .sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens));
  }
}

/** Validates an admin report range; `to` defaults to today and `from` to the first of its month. */
export function reportRange(
  query: { from?: string; to?: string },
  maxDays: number,
  now: Date,
): { from: string; to: string } | string {
  const to = query.to ?? dayKey(now);
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isDay(value)) return `${name} must be a date as yyyy-mm-dd`;
  if (from > to) return 'from must not be after to';
  if (daysBetween(from, to).length > maxDays) return `a report covers at most ${maxDays} days`;
  return { from, to };
}

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && dayKey(at) === value;
}

/** The limits of one budget in one period with what is used of each (USD in dollars). */
function standings(
  budget: Budget,
  period: BudgetPeriod,
  used: Charge,
  quota: RequestQuota | undefined,
): { unit: BudgetUnit; used: number; limit: number }[] {
  const day = period === 'day';
  const usd = day ? budget.usdPerDay : budget.usdPerMonth;
  return [
    { unit: 'tokens', used: used.tokens, limit: day ? budget.tokensPerDay : budget.tokensPerMonth },
    ...(usd === undefined ? [] : [{ unit: 'usd' as const, used: usdOf(used.nanoUsd), limit: usd }]),
    // The request quota of SageMaker endpoints without a price (the caller's own budget only).
    ...(quota === undefined
      ? []
      : [
          {
            unit: 'requests' as const,
            used: used.unpricedRequests,
            limit: day ? quota.requestsPerDay : quota.requestsPerMonth,
          },
        ]),
  ];
}
