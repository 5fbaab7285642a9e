import { randomUUID } from 'node:crypto';

import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

import { CATALOG, type CatalogEntry, parseCatalog } from '../../catalog.ts';
import type { ApiKeyBudget } from '../../contract/api-keys.ts';
import {
  type Budget,
  type BudgetConfig,
  budgetFor,
  BUDGETS,
  costCentreFor,
  poolsFor,
  unpricedQuotaOf,
} from '../../usage/budgets.ts';
import {
  costNanoUsd,
  NANO_USD_PER_USD,
  parsePriceBook,
  PRICE_BOOK,
  priceAt,
  type PriceBook,
  type PricedAmounts,
  validatePriceBook,
} from '../../usage/prices.ts';
import {
  HOLD_SHARDS,
  TABLE_ENV,
  TTL_ATTRIBUTE,
  USAGE_TABLE,
} from '../../usage/table-definitions.ts';
import type { Caller } from './authorizer-context.ts';
import {
  BudgetExceededError,
  type BudgetScope,
  type BudgetUnit,
  HoldGoneError,
} from './usage-ledger-errors.ts';
import {
  addCharges,
  apiKeyKey,
  type Charge,
  CHARGE_FIELDS,
  chargeOf,
  costCentreKey,
  groupKey,
  type HoldItem,
  periodKey,
  type ScopeRef,
  SORT_PREFIX,
  type UsageRecordItem,
  userKey,
  ZERO_CHARGE,
} from './usage-ledger-items.ts';
import { type BudgetPeriod, dayKey, periodResetsAt } from './usage-periods.ts';

export { BudgetExceededError, HoldGoneError } from './usage-ledger-errors.ts';
export { counterKey, groupKey, userKey } from './usage-ledger-items.ts';

/** What a call may use (reserve) or used (settle), in every unit the price book prices. */
export interface UsageAmounts {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  /** SageMaker: requests made (1 per invocation). */
  readonly requests?: number;
  /** SageMaker: model latency in ms, for endpoints priced per second. */
  readonly modelLatencyMs?: number;
}

/** What a finished, failed or refused model call is charged. Never the prompt or the output. */
export interface UsageOutcome {
  readonly requestId: string;
  readonly charged: UsageAmounts;
  readonly latencyMs: number;
  /**
   * - `ok` / `error`: charged `charged` (the processor decides what, docs/usage.md);
   * - `abandoned`: the client left before the model reported its usage; charged the whole hold;
   * - `refunded`: refused before the upstream call began; nothing is charged (`charged` zeros).
   */
  readonly status: 'ok' | 'error' | 'abandoned' | 'refunded';
}

/** A call admitted by `reserve`: its hold, settled by `settle` (or, once expired, the sweeper). */
export interface Reservation {
  readonly id: string;
  readonly caller: Caller;
  readonly modelId: string;
  readonly startedAt: Date;
  readonly worstCase: UsageAmounts;
  /** The endpoint has no price: counted against the request quota instead of dollars. */
  readonly unpriced: boolean;
  readonly held: Charge;
  /** Owners (partition keys) of the counters holding the charge. */
  readonly owners: readonly string[];
  /** Key of the hold item. */
  readonly holdKey: { readonly pk: string; readonly sk: string };
}

export interface UsageLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly budgets?: BudgetConfig;
  readonly priceBook?: PriceBook;
  /** Region whose prices apply (the deployment's); `*` takes any region's. */
  readonly region?: string;
  readonly catalog?: readonly CatalogEntry[];
  /** How long usage records and counters are kept (DynamoDB TTL), in days. */
  readonly retentionDays?: number;
  /** How long a hold lives before the sweeper settles it (longer than the longest call). */
  readonly holdSeconds?: number;
  readonly now?: () => Date;
}

/** Default retention of usage records: 400 days keeps a year of monthly reports. */
const DEFAULT_USAGE_RETENTION_DAYS = 400;
/** Default hold lifetime: the longest call (a 15-minute stream) plus 5 minutes. */
const DEFAULT_HOLD_SECONDS = 20 * 60;
/**
 * DynamoDB API Reference, TransactWriteItems (docs.aws.amazon.com/amazondynamodb/latest/
 * APIReference/API_TransactWriteItems.html): at most 100 actions, no two on one item, 4 MB in
 * all. A reservation uses 2 counters per scope plus its hold; scopes are few (user, the
 * caller's groups with pools, one cost centre), and items are a few hundred bytes.
 */
const MAX_TRANSACTION_ACTIONS = 100;
/** Retries of a transaction cancelled by a conflicting one (DynamoDB: `TransactionConflict`). */
const CONFLICT_RETRIES = 5;

/**
 * The most a call may use: one token per input character (tokenizers emit fewer) plus the
 * output tokens the call may generate.
 */
export function reservationFor(inputChars: number, maxOutputTokens: number): UsageAmounts {
  return {
    inputTokens: Math.max(0, Math.ceil(inputChars)),
    outputTokens: Math.max(0, Math.ceil(maxOutputTokens)),
  };
}

/** One limit of one counter that a reservation must fit. */
interface Limit {
  readonly unit: BudgetUnit;
  readonly field: (typeof CHARGE_FIELDS)[number];
  /** In the counter's unit (nano-dollars for `usd`). */
  readonly limit: number;
  /** As the budget states it (US dollars for `usd`). */
  readonly stated: number;
}

/** One counter a reservation holds: one scope, one period, its limits. */
interface CounterHold extends ScopeRef {
  readonly period: BudgetPeriod;
  readonly limits: readonly Limit[];
}

/**
 * Budgets in tokens, dollars and requests on DynamoDB counters, per user, group pool and cost
 * centre, per UTC day and month.
 *
 * `reserve` adds the call's worst case to every counter it must fit in ONE conditional
 * TransactWriteItems, with a hold item that expires: however many calls race, a counter never
 * holds more than its limit. `settle` replaces the hold by what the call was charged and writes
 * the usage record in ONE more transaction, conditional on the hold still being there, so a
 * call is charged once: by its settle or, when it never settles, by the sweeper.
 */
export class UsageLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #budgets: BudgetConfig;
  readonly #priceBook: PriceBook;
  readonly #region: string;
  readonly #catalog: readonly CatalogEntry[];
  readonly #retentionSeconds: number;
  readonly #holdSeconds: number;
  readonly #now: () => Date;

  constructor(options: UsageLedgerOptions) {
    if (!options.tableName) throw new Error('UsageLedger: tableName is required');
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#budgets = options.budgets ?? BUDGETS;
    this.#catalog = options.catalog ?? CATALOG;
    // The built-in book against the built-in catalog is checked by prices.test.ts: a cold start
    // checks only a book or catalog it is given (local mode's).
    this.#priceBook =
      !options.priceBook && !options.catalog
        ? PRICE_BOOK
        : validatePriceBook(options.priceBook ?? PRICE_BOOK, this.#catalog);
    this.#region = options.region ?? '*';
    this.#retentionSeconds = (options.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS) * 86_400;
    this.#holdSeconds = options.holdSeconds ?? DEFAULT_HOLD_SECONDS;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Holds the worst case across every scope (user, groups, cost centre) in one transaction.
   * @throws BudgetExceededError naming the first scope, period and unit without room.
   * @example
   * const reservation = await ledger.reserve(caller, 'claude-sonnet-4', reservationFor(chars, 1024));
   */
  async reserve(caller: Caller, modelId: string, worstCase: UsageAmounts): Promise<Reservation> {
    const now = this.#now();
    const unpriced = this.#isUnpricedEndpoint(modelId, now);
    const held = this.#chargeFor(modelId, now, worstCase, unpriced, 'reserve');
    const counters = this.#countersFor(caller, unpriced);
    // A limit the worst case alone exceeds (a zero budget among them) refuses without a round trip.
    for (const counter of counters)
      for (const limit of counter.limits)
        if (limit.limit <= 0 || held[limit.field] > limit.limit) throw refusal(counter, limit, now);

    const id = randomUUID();
    const owner = userKey(caller);
    const owners = [...new Set(counters.map((counter) => counter.owner))];
    const reservation: Reservation = {
      id,
      caller,
      modelId,
      startedAt: now,
      worstCase,
      unpriced,
      held,
      owners,
      holdKey: { pk: owner, sk: `${SORT_PREFIX.hold}${id}` },
    };
    const hold: HoldItem = {
      ...reservation.holdKey,
      holdShard: `HOLD#${parseInt(id.slice(0, 4), 16) % HOLD_SHARDS}`,
      holdExpiresAt: new Date(now.getTime() + this.#holdSeconds * 1000).toISOString(),
      reservationId: id,
      sub: caller.sub,
      username: caller.username,
      groups: [...caller.groups],
      modelId,
      at: now.toISOString(),
      owners,
      worstCase: definedNumbers(worstCase),
      unpriced,
      ...held,
    };
    const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = counters.map(
      (counter) => ({ Update: this.#holdUpdate(counter, now, held) }),
    );
    actions.push({
      Put: {
        TableName: this.#tableName,
        Item: hold,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': USAGE_TABLE.partitionKey },
      },
    });
    try {
      await this.#transact(actions);
    } catch (error) {
      throw this.#refusalFrom(error, counters, held, now) ?? error;
    }
    return reservation;
  }

  /**
   * Settles in one write: replaces the hold by `outcome.charged` (priced by the price book at
   * the call's start) and writes the usage record. An `abandoned` call is charged its whole
   * hold; a `refunded` one nothing.
   * Returns what was charged (the audit record's cost).
   * @throws HoldGoneError when the hold was settled already (nothing is charged twice).
   */
  async settle(reservation: Reservation, outcome: UsageOutcome): Promise<Charge> {
    const { caller, startedAt, modelId, held } = reservation;
    const amounts: UsageAmounts =
      outcome.status === 'refunded'
        ? { inputTokens: 0, outputTokens: 0 }
        : outcome.status === 'abandoned'
          ? reservation.worstCase
          : outcome.charged;
    const charge =
      outcome.status === 'refunded'
        ? ZERO_CHARGE
        : this.#chargeFor(modelId, startedAt, amounts, reservation.unpriced, 'settle');
    const delta = addCharges(charge, held, -1);
    const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Delete: {
          TableName: this.#tableName,
          Key: reservation.holdKey,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': USAGE_TABLE.partitionKey },
        },
      },
      ...reservation.owners.flatMap((owner) =>
        (['month', 'day'] as const).map((period) => ({
          Update: this.#adjust(periodKey(owner, period, startedAt), delta),
        })),
      ),
    ];
    // A refused call leaves no record: it never reached the model.
    if (outcome.status !== 'refunded') {
      const entry = priceAt(this.#priceBook, modelId, this.#region, startedAt);
      const record: UsageRecordItem = {
        pk: userKey(caller),
        sk: `${SORT_PREFIX.record}${startedAt.toISOString()}#${outcome.requestId}`,
        day: dayKey(startedAt),
        at: startedAt.toISOString(),
        sub: caller.sub,
        username: caller.username,
        groups: [...caller.groups],
        modelId,
        owners: reservation.owners,
        inputTokens: amounts.inputTokens,
        outputTokens: amounts.outputTokens,
        cacheReadTokens: amounts.cacheReadTokens ?? 0,
        cacheWriteTokens: amounts.cacheWriteTokens ?? 0,
        invocations: amounts.requests ?? 0,
        modelLatencyMs: Math.round(amounts.modelLatencyMs ?? 0),
        latencyMs: Math.round(outcome.latencyMs),
        status: outcome.status,
        priceVersion: this.#priceBook.version,
        ...(entry ? { priceFrom: entry.effectiveFrom } : {}),
        reservationId: reservation.id,
        ...charge,
      };
      actions.push({
        Put: {
          TableName: this.#tableName,
          Item: { ...record, [TTL_ATTRIBUTE]: this.#expiresAt(startedAt) },
        },
      });
    }
    try {
      await this.#transact(actions);
    } catch (error) {
      if (cancellationCodes(error)[0] === 'ConditionalCheckFailed')
        throw new HoldGoneError(reservation.id);
      throw error;
    }
    return charge;
  }

  /**
   * Settles every hold that expired before now, charging each its whole hold (a crashed call
   * may have reached the model). Returns how many it settled; a hold settled meanwhile by its
   * call is skipped.
   */
  async sweepExpiredHolds(): Promise<{ swept: number; skipped: number }> {
    const now = this.#now();
    const index = USAGE_TABLE.byHoldExpiryIndex;
    let swept = 0;
    let skipped = 0;
    for (let shard = 0; shard < HOLD_SHARDS; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.#client.send(
          new QueryCommand({
            TableName: this.#tableName,
            IndexName: index.name,
            KeyConditionExpression: '#shard = :shard AND #expires < :now',
            ExpressionAttributeNames: { '#shard': index.partitionKey, '#expires': index.sortKey },
            ExpressionAttributeValues: { ':shard': `HOLD#${shard}`, ':now': now.toISOString() },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of (page.Items ?? []) as HoldItem[]) {
          try {
            await this.settle(reservationOfHold(item), {
              requestId: `swept-${item.reservationId}`,
              charged: reservationOfHold(item).worstCase,
              latencyMs: 0,
              status: 'abandoned',
            });
            swept++;
          } catch (error) {
            if (!(error instanceof HoldGoneError)) throw error;
            skipped++;
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return { swept, skipped };
  }

  /** The scopes and periods a caller's call must fit, with their limits. */
  #countersFor(caller: Caller, unpriced: boolean): CounterHold[] {
    const scopes: (ScopeRef & { budget: Budget; quota: boolean })[] = [
      {
        scope: 'user',
        owner: userKey(caller),
        budget: budgetFor(caller, this.#budgets),
        quota: unpriced,
      },
      ...poolsFor(caller, this.#budgets).map(({ group, budget }) => ({
        scope: 'group' as const,
        scopeName: group,
        owner: groupKey(group),
        budget,
        quota: false,
      })),
    ];
    const centre = costCentreFor(caller, this.#budgets);
    if (centre)
      scopes.push({
        scope: 'costCentre',
        scopeName: centre.costCentre,
        owner: costCentreKey(centre.costCentre),
        budget: centre.budget,
        quota: false,
      });
    // A key's own budget narrows what the key may spend; the owner's budgets above still apply.
    const keyBudget = caller.apiKey?.budget;
    if (keyBudget)
      scopes.push({
        scope: 'apiKey',
        scopeName: caller.apiKey!.keyId,
        owner: apiKeyKey(caller.apiKey!.keyId),
        budget: apiKeyBudgetLimits(keyBudget),
        quota: false,
      });
    const quota = unpricedQuotaOf(this.#budgets);
    const counters = scopes.flatMap(({ budget, quota: withQuota, ...ref }) =>
      (['month', 'day'] as const).map((period): CounterHold => {
        const day = period === 'day';
        const usd = day ? budget.usdPerDay : budget.usdPerMonth;
        const requests = day ? quota.requestsPerDay : quota.requestsPerMonth;
        const tokens = day ? budget.tokensPerDay : budget.tokensPerMonth;
        const limits: Limit[] = [
          { unit: 'tokens', field: 'tokens', limit: tokens, stated: tokens },
        ];
        if (usd !== undefined)
          limits.push({
            unit: 'usd',
            field: 'nanoUsd',
            // Past 9 million dollars a limit is no limit; kept a safe integer for the SDK.
            limit: Math.min(Math.round(usd * NANO_USD_PER_USD), Number.MAX_SAFE_INTEGER),
            stated: usd,
          });
        if (withQuota)
          limits.push({
            unit: 'requests',
            field: 'unpricedRequests',
            limit: requests,
            stated: requests,
          });
        return { ...ref, period, limits };
      }),
    );
    if (counters.length + 1 > MAX_TRANSACTION_ACTIONS)
      throw new Error(`A reservation would need ${counters.length + 1} transaction actions`);
    return counters;
  }

  /** The charge of `amounts` on a model at its price on `at`. */
  #chargeFor(
    modelId: string,
    at: Date,
    amounts: UsageAmounts,
    unpriced: boolean,
    when: 'reserve' | 'settle',
  ): Charge {
    const priced: PricedAmounts = amounts;
    const calls = Math.max(1, amounts.requests ?? 1);
    return {
      tokens:
        amounts.inputTokens +
        amounts.outputTokens +
        (amounts.cacheReadTokens ?? 0) +
        (amounts.cacheWriteTokens ?? 0),
      nanoUsd: costNanoUsd(priceAt(this.#priceBook, modelId, this.#region, at), priced),
      requests: 1,
      // A settle counts the invocations made; a reservation holds at least one.
      unpricedRequests: unpriced ? (when === 'reserve' ? calls : (amounts.requests ?? 0)) : 0,
    };
  }

  #isUnpricedEndpoint(modelId: string, at: Date): boolean {
    const entry = this.#catalog.find((candidate) => candidate.id === modelId);
    return (
      entry?.provider === 'sagemaker' &&
      priceAt(this.#priceBook, modelId, this.#region, at) === undefined
    );
  }

  /** The conditional update that adds `held` to one counter if every limit keeps room for it. */
  #holdUpdate(counter: CounterHold, at: Date, held: Charge) {
    const update = this.#adjust(periodKey(counter.owner, counter.period, at), held);
    const conditions = counter.limits.map(
      (limit) =>
        `(attribute_not_exists(#${limit.field}) OR #${limit.field} <= :room_${limit.field})`,
    );
    return {
      ...update,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: {
        ...update.ExpressionAttributeValues,
        ...Object.fromEntries(
          counter.limits.map((limit) => [`:room_${limit.field}`, limit.limit - held[limit.field]]),
        ),
      },
      // The counter as it was when a condition failed: which unit ran out.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  /** The update that adds `delta` to one counter (and starts its retention clock). */
  #adjust(key: { pk: string; sk: string }, delta: Charge) {
    return {
      TableName: this.#tableName,
      Key: key,
      UpdateExpression: `ADD ${CHARGE_FIELDS.map((field) => `#${field} :${field}`).join(', ')} SET #ttl = if_not_exists(#ttl, :expiresAt)`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(CHARGE_FIELDS.map((field) => [`#${field}`, field])),
        '#ttl': TTL_ATTRIBUTE,
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(CHARGE_FIELDS.map((field) => [`:${field}`, delta[field]])),
        ':expiresAt': this.#expiresAt(this.#now()),
      },
    };
  }

  /** Sends a transaction, again after a conflict with a concurrent one (never after a refusal). */
  async #transact(actions: NonNullable<TransactWriteCommandInput['TransactItems']>) {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#client.send(
          new TransactWriteCommand({ TransactItems: actions.map((action) => ({ ...action })) }),
        );
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        const conflictOnly =
          codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
        if (!conflictOnly || attempt >= CONFLICT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, (attempt + 1) * 10 * Math.random()));
      }
    }
  }

  /** The refusal a cancelled reservation means: the first counter and unit without room. */
  #refusalFrom(
    error: unknown,
    counters: readonly CounterHold[],
    held: Charge,
    now: Date,
  ): BudgetExceededError | undefined {
    const reasons = cancellationReasons(error);
    for (const [i, reason] of reasons.entries()) {
      const counter = counters[i];
      if (reason.Code !== 'ConditionalCheckFailed' || !counter) continue;
      const old = chargeOf(plainItem(reason.Item));
      const limit =
        counter.limits.find(
          (candidate) => old[candidate.field] + held[candidate.field] > candidate.limit,
        ) ?? counter.limits[0]!;
      return refusal(counter, limit, now);
    }
    return undefined;
  }

  #expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + this.#retentionSeconds;
  }
}

function refusal(counter: CounterHold, limit: Limit, now: Date): BudgetExceededError {
  return new BudgetExceededError({
    scope: counter.scope as BudgetScope,
    ...(counter.scopeName === undefined ? {} : { scopeName: counter.scopeName }),
    period: counter.period,
    unit: limit.unit,
    limit: limit.stated,
    resetsAt: periodResetsAt(counter.period, now),
  });
}

/** The amounts that are set: DynamoDB's marshaller refuses `undefined` attributes. */
function definedNumbers(amounts: UsageAmounts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(amounts).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
}

/** A reservation rebuilt from its hold item (the sweeper settles it like its call would). */
function reservationOfHold(item: HoldItem): Reservation {
  return {
    id: item.reservationId,
    caller: {
      sub: item.sub,
      username: item.username,
      email: '',
      groups: [...item.groups],
      claims: {},
    },
    modelId: item.modelId,
    startedAt: new Date(item.at),
    worstCase: item.worstCase as unknown as UsageAmounts,
    unpriced: item.unpriced,
    held: chargeOf(item as unknown as Record<string, unknown>),
    owners: item.owners,
    holdKey: { pk: item.pk, sk: item.sk },
  };
}

interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, unknown>;
}

/** The per-action reasons of a cancelled transaction (empty for any other error). */
function cancellationReasons(error: unknown): readonly CancellationReason[] {
  const cancelled =
    error instanceof TransactionCanceledException ||
    (error instanceof Error && error.name === 'TransactionCanceledException');
  if (!cancelled) return [];
  return ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []).map(
    (reason) => reason ?? {},
  );
}

function cancellationCodes(error: unknown): string[] {
  return cancellationReasons(error)
    .map((reason) => reason.Code ?? 'None')
    .filter((code) => code !== 'None');
}

/** An item as the low-level client returns it (`{ tokens: { N: '5' } }`) as plain numbers. */
function plainItem(item: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item ?? {}).map(([name, value]) => [
      name,
      value && typeof value === 'object' && 'N' in value
        ? Number((value as { N: string }).N)
        : value,
    ]),
  );
}

/** A key's monthly limits as a {@link Budget}: a limit it does not set is no limit. */
function apiKeyBudgetLimits(budget: ApiKeyBudget): Budget {
  const unlimited = Number.MAX_SAFE_INTEGER;
  return {
    tokensPerDay: unlimited,
    tokensPerMonth: budget.tokensPerMonth ?? unlimited,
    ...(budget.usdPerMonth === undefined ? {} : { usdPerMonth: budget.usdPerMonth }),
  };
}

/**
 * The ledger configured from the environment (`USAGE_TABLE_NAME`, `USAGE_RETENTION_DAYS`,
 * `USAGE_HOLD_SECONDS`, `AWS_REGION`, and in local mode `MODEL_CATALOG` and `PRICE_BOOK`), or undefined when no usage table is configured (budgets
 * are then not enforced).
 */
export function usageLedgerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client?: DynamoDBDocumentClient,
): UsageLedger | undefined {
  const tableName = env[TABLE_ENV.usage];
  if (!tableName) return undefined;
  const holdSeconds = env['USAGE_HOLD_SECONDS'];
  return new UsageLedger({
    client: client ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName,
    retentionDays: retentionDaysFromEnv(env, 'USAGE_RETENTION_DAYS'),
    ...(holdSeconds ? { holdSeconds: positiveWhole(holdSeconds, 'USAGE_HOLD_SECONDS') } : {}),
    ...(env['AWS_REGION'] ? { region: env['AWS_REGION'] } : {}),
    // Local mode serves its own models, priced by its own book (unset in AWS).
    ...(env['MODEL_CATALOG'] ? { catalog: parseCatalog(env['MODEL_CATALOG']) } : {}),
    ...(env['PRICE_BOOK'] ? { priceBook: parsePriceBook(env['PRICE_BOOK']) } : {}),
  });
}

/** A positive whole number of days from an environment variable, or undefined when unset. */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  return positiveWhole(raw, name, ' of days');
}

function positiveWhole(raw: string, name: string, what = ''): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number${what}, got "${raw}"`);
  return value;
}
