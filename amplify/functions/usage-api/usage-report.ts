import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { budgetFor, BUDGETS, type BudgetConfig } from '../../usage/budgets.ts';
import { estimateCostUsd, PRICES, roundUsd, type ModelPrice } from '../../usage/prices.ts';
import { USAGE_TABLE } from '../../usage/table-definitions.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { counterKey, userKey } from '../shared/usage-ledger.ts';
import { dayKey, daysBetween, monthKey, periodResetsAt } from '../shared/usage-periods.ts';

/** Tokens and requests of one slice of usage, with its estimated cost. */
export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Undefined when a model in the slice has no price. */
  estimatedCostUsd?: number;
}

/** The caller's budget standing in one period. */
export interface PeriodUsage {
  readonly usedTokens: number;
  readonly limitTokens: number;
  readonly requests: number;
  readonly resetsAt: string;
}

export interface OwnUsage {
  readonly day: PeriodUsage;
  readonly month: PeriodUsage;
  /** This month's usage per model. */
  readonly byModel: readonly (UsageTotals & { modelId: string })[];
  /** This month's usage per day. */
  readonly byDay: readonly (UsageTotals & { day: string })[];
}

export interface UsageReport {
  readonly from: string;
  readonly to: string;
  readonly totals: UsageTotals;
  readonly byUser: readonly (UsageTotals & { sub: string; username: string })[];
  readonly byGroup: readonly (UsageTotals & { group: string })[];
  readonly byModel: readonly (UsageTotals & { modelId: string })[];
  readonly byDay: readonly (UsageTotals & { day: string })[];
}

interface UsageRecord {
  sub: string;
  username: string;
  groups: string[];
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  day: string;
}

/** Reads usage: the caller's own standing, and the administrators' report. */
export class UsageReader {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #budgets: BudgetConfig;
  readonly #prices: Readonly<Record<string, ModelPrice>>;
  readonly #now: () => Date;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    budgets?: BudgetConfig;
    prices?: Readonly<Record<string, ModelPrice>>;
    now?: () => Date;
  }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#budgets = options.budgets ?? BUDGETS;
    this.#prices = options.prices ?? PRICES;
    this.#now = options.now ?? (() => new Date());
  }

  /** The caller's day and month budget standing and this month's usage per model and day. */
  async ownUsage(caller: Caller): Promise<OwnUsage> {
    const now = this.#now();
    const budget = budgetFor(caller, this.#budgets);
    const [day, month, records] = await Promise.all([
      this.#counter(caller, 'day', now),
      this.#counter(caller, 'month', now),
      this.#query({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': USAGE_TABLE.partitionKey, '#sk': USAGE_TABLE.sortKey },
        ExpressionAttributeValues: { ':pk': userKey(caller), ':prefix': `REC#${monthKey(now)}` },
      }),
    ]);
    return {
      day: {
        ...day,
        limitTokens: budget.tokensPerDay,
        resetsAt: periodResetsAt('day', now).toISOString(),
      },
      month: {
        ...month,
        limitTokens: budget.tokensPerMonth,
        resetsAt: periodResetsAt('month', now).toISOString(),
      },
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

  async #counter(caller: Caller, period: 'day' | 'month', now: Date) {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: counterKey(caller, period, now) }),
    );
    return { usedTokens: Number(Item?.['tokens'] ?? 0), requests: Number(Item?.['requests'] ?? 0) };
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
    const totals = { requests: 0, inputTokens: 0, outputTokens: 0 };
    for (const record of records) {
      totals.requests += 1;
      totals.inputTokens += record.inputTokens;
      totals.outputTokens += record.outputTokens;
      const recordCost = estimateCostUsd(
        record.modelId,
        record.inputTokens,
        record.outputTokens,
        this.#prices,
      );
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
