import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BUDGETS, budgetFor, poolsFor, type BudgetConfig } from '../../usage/budgets.ts';
import { TABLE_ENV, TTL_ATTRIBUTE } from '../../usage/table-definitions.ts';
import type { Caller } from './authorizer-context.ts';
import { dayKey, monthKey, periodResetsAt, type BudgetPeriod } from './usage-periods.ts';

/** Thrown by `checkBudget` when the caller has no tokens left; answer 429 with `Retry-After`. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly period: BudgetPeriod;
  readonly limit: number;
  readonly resetsAt: Date;
  /** The group whose shared pool is spent; undefined when it is the caller's own allowance. */
  readonly group?: string;

  constructor(period: BudgetPeriod, limit: number, resetsAt: Date, group?: string) {
    const whose = group ? `The ${group} group's shared` : 'Your';
    super(
      `${whose} ${period === 'day' ? 'daily' : 'monthly'} token budget (${limit} tokens) is used ` +
        `up; it resets at ${resetsAt.toISOString()}.`,
    );
    this.period = period;
    this.limit = limit;
    this.resetsAt = resetsAt;
    this.group = group;
  }

  /** Which allowance ran out (PLAN.md names; today's ledger has user and group pools only). */
  get scope(): 'user' | 'group' | 'costCentre' {
    return this.group ? 'group' : 'user';
  }

  get scopeName(): string | undefined {
    return this.group;
  }

  /** Today's budgets count tokens only. */
  readonly unit: 'tokens' | 'usd' | 'requests' = 'tokens';

  /** Seconds until the budget resets, for the `Retry-After` header. */
  retryAfterSeconds(now: Date = new Date()): number {
    return Math.max(1, Math.ceil((this.resetsAt.getTime() - now.getTime()) / 1000));
  }
}

/** Tokens held for a call admitted by `checkBudget`, settled by `recordUsage`. */
export interface Reservation {
  readonly caller: Caller;
  readonly modelId: string;
  readonly tokens: number;
  readonly startedAt: Date;
  /** Partition keys of the counters holding the tokens: the user's, then any group pools'. */
  readonly owners: readonly string[];
}

/** One counter a call must fit: the user's or a group pool's, for one period. */
interface Hold {
  readonly owner: string;
  readonly period: BudgetPeriod;
  readonly limit: number;
  readonly group?: string;
}

/** What a call may use (the hold) or used (the charge); PLAN.md's ledger API. */
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

/** How a call is settled (PLAN.md's ledger API). */
export interface UsageOutcome {
  readonly requestId: string;
  readonly charged: UsageAmounts;
  readonly latencyMs: number;
  /** 'refunded': refused before the upstream call began (charged must be zeros). */
  readonly status: 'ok' | 'error' | 'abandoned' | 'refunded';
}

/** The tokens an amount counts against today's token budgets: every kind of token. */
const tokensOf = (amounts: UsageAmounts): number =>
  amounts.inputTokens +
  amounts.outputTokens +
  (amounts.cacheReadTokens ?? 0) +
  (amounts.cacheWriteTokens ?? 0);

/** What a finished (or failed) model call used. Never the prompt or the output. */
export interface TokenUsageOutcome {
  readonly requestId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly latencyMs: number;
  /**
   * `abandoned`: the client left before the model reported its usage (a cut stream); the call
   * is charged its whole reservation, so leaving early never spends tokens for free.
   */
  readonly status: 'ok' | 'error' | 'abandoned' | 'refunded';
}

export interface UsageLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly budgets?: BudgetConfig;
  /** How long usage records and counters are kept (DynamoDB TTL), in days. */
  readonly retentionDays?: number;
  readonly now?: () => Date;
}

/** Default retention of usage records: 400 days keeps a year of monthly reports. */
export const DEFAULT_USAGE_RETENTION_DAYS = 400;

/**
 * Upper bound of the tokens a call may use, held while it runs: one token per input character
 * (tokenizers emit fewer) plus the output tokens the call may generate.
 */
export function reservationFor(inputChars: number, maxOutputTokens: number): number {
  return Math.max(0, Math.ceil(inputChars)) + Math.max(0, Math.ceil(maxOutputTokens));
}

/**
 * Per-user token budgets on DynamoDB counters (one item per user and period).
 *
 * `checkBudget` adds the call's reservation to the day and month counters with a condition that
 * the counter is still under the limit, so the check and the hold are one atomic step: however
 * many calls race, only those that find tokens left are admitted, and the total can pass the
 * limit by at most the last admitted call's reservation. `recordUsage` replaces the hold by the
 * real token count and writes the usage record.
 */
export class UsageLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #budgets: BudgetConfig;
  readonly #retentionSeconds: number;
  readonly #now: () => Date;

  constructor(options: UsageLedgerOptions) {
    if (!options.tableName) throw new Error('UsageLedger: tableName is required');
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#budgets = options.budgets ?? BUDGETS;
    this.#retentionSeconds = (options.retentionDays ?? DEFAULT_USAGE_RETENTION_DAYS) * 86_400;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Admits a call and holds `reserveTokens` for it, or throws BudgetExceededError.
   * @example
   * const reservation = await ledger.checkBudget(caller, 'claude', reservationFor(prompt.length, 1024));
   */
  async checkBudget(caller: Caller, modelId: string, reserveTokens: number): Promise<Reservation> {
    const now = this.#now();
    const budget = budgetFor(caller, this.#budgets);
    const tokens = Math.max(0, Math.ceil(reserveTokens));
    const owners = [
      { owner: userKey(caller), budget, group: undefined },
      ...poolsFor(caller, this.#budgets).map((pool) => ({ ...pool, owner: groupKey(pool.group) })),
    ];
    const holds: Hold[] = owners.flatMap(({ owner, budget: limits, group }) => [
      { owner, period: 'month' as const, limit: limits.tokensPerMonth, group },
      { owner, period: 'day' as const, limit: limits.tokensPerDay, group },
    ]);
    // One counter after another; a refusal gives back the holds already taken.
    const taken: Hold[] = [];
    try {
      for (const hold of holds) {
        await this.#hold(hold, now, tokens);
        taken.push(hold);
      }
    } catch (error) {
      await Promise.all(
        taken.map((hold) =>
          this.#adjust(hold.owner, hold.period, now, { tokens: -tokens, requests: -1 }),
        ),
      );
      throw error;
    }
    return { caller, modelId, tokens, startedAt: now, owners: owners.map((o) => o.owner) };
  }

  /** Holds the worst case of a call (PLAN.md's API over `checkBudget`). */
  reserve(caller: Caller, modelId: string, worstCase: UsageAmounts): Promise<Reservation> {
    return this.checkBudget(caller, modelId, tokensOf(worstCase));
  }

  /** Replaces the hold by `outcome.charged` (PLAN.md's API over `recordUsage`). */
  settle(reservation: Reservation, outcome: UsageOutcome): Promise<void> {
    const { charged } = outcome;
    return this.recordUsage(reservation, {
      requestId: outcome.requestId,
      inputTokens:
        charged.inputTokens + (charged.cacheReadTokens ?? 0) + (charged.cacheWriteTokens ?? 0),
      outputTokens: charged.outputTokens,
      latencyMs: outcome.latencyMs,
      status: outcome.status,
    });
  }

  /** Settles a reservation with what the call used and writes its usage record. */
  async recordUsage(reservation: Reservation, outcome: TokenUsageOutcome): Promise<void> {
    const { caller, startedAt } = reservation;
    const used =
      outcome.status === 'abandoned'
        ? Math.max(reservation.tokens, outcome.inputTokens + outcome.outputTokens)
        : outcome.inputTokens + outcome.outputTokens;
    const delta = {
      tokens: used - reservation.tokens,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
    };
    await Promise.all([
      ...reservation.owners.flatMap((owner) => [
        // Stryker disable next-line StringLiteral: periodKey reads every period but 'day' as the month
        this.#adjust(owner, 'month', startedAt, delta),
        this.#adjust(owner, 'day', startedAt, delta),
      ]),
      this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            pk: userKey(caller),
            sk: `REC#${startedAt.toISOString()}#${outcome.requestId}`,
            day: dayKey(startedAt),
            sub: caller.sub,
            username: caller.username,
            groups: [...caller.groups],
            modelId: reservation.modelId,
            inputTokens: outcome.inputTokens,
            outputTokens: outcome.outputTokens,
            latencyMs: Math.round(outcome.latencyMs),
            status: outcome.status,
            at: startedAt.toISOString(),
            [TTL_ATTRIBUTE]: this.#expiresAt(startedAt),
          },
        }),
      ),
    ]);
  }

  async #hold({ owner, period, limit, group }: Hold, now: Date, tokens: number): Promise<void> {
    const refusal = () =>
      new BudgetExceededError(period, limit, periodResetsAt(period, now), group);
    // A zero budget admits nobody, even on an untouched counter.
    if (limit <= 0) throw refusal();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: periodKey(owner, period, now),
          UpdateExpression:
            'ADD #tokens :tokens, #requests :one SET #ttl = if_not_exists(#ttl, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#tokens) OR #tokens < :limit',
          ExpressionAttributeNames: {
            '#tokens': 'tokens',
            '#requests': 'requests',
            '#ttl': TTL_ATTRIBUTE,
          },
          ExpressionAttributeValues: {
            ':tokens': tokens,
            ':one': 1,
            ':limit': limit,
            ':expiresAt': this.#expiresAt(now),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || isConditionFailure(error))
        throw refusal();
      throw error;
    }
  }

  async #adjust(
    owner: string,
    period: BudgetPeriod,
    at: Date,
    delta: Readonly<Record<string, number>>,
  ): Promise<void> {
    const names = Object.keys(delta);
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: periodKey(owner, period, at),
        UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          names.map((name, i) => [`:v${i}`, delta[name]]),
        ),
      }),
    );
  }

  #expiresAt(at: Date): number {
    return Math.floor(at.getTime() / 1000) + this.#retentionSeconds;
  }
}

/** Partition key of a user's counters and records. */
export function userKey(caller: Pick<Caller, 'sub'>): string {
  return `USER#${caller.sub}`;
}

/** Partition key of a group's shared pool counters. */
export function groupKey(group: string): string {
  return `GROUP#${group}`;
}

/** Key of an owner's (user or group pool) counter for the period that contains `at`. */
function periodKey(owner: string, period: BudgetPeriod, at: Date): { pk: string; sk: string } {
  return { pk: owner, sk: period === 'day' ? `DAY#${dayKey(at)}` : `MONTH#${monthKey(at)}` };
}

/** Key of a user's counter for the period that contains `at`. */
export function counterKey(
  caller: Pick<Caller, 'sub'>,
  period: BudgetPeriod,
  at: Date,
): { pk: string; sk: string } {
  return periodKey(userKey(caller), period, at);
}

// Some DynamoDB-compatible servers answer with the error name but not the SDK's class.
function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The ledger configured from the environment (`USAGE_TABLE_NAME`, `USAGE_RETENTION_DAYS`), or
 * undefined when no usage table is configured (budgets are then not enforced).
 */
export function usageLedgerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  client?: DynamoDBDocumentClient,
): UsageLedger | undefined {
  const tableName = env[TABLE_ENV.usage];
  if (!tableName) return undefined;
  return new UsageLedger({
    client: client ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName,
    retentionDays: retentionDaysFromEnv(env, 'USAGE_RETENTION_DAYS'),
  });
}

/** A positive whole number of days from an environment variable, or undefined when unset. */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days <= 0)
    throw new Error(`${name} must be a positive whole number of days, got "${raw}"`);
  return days;
}
