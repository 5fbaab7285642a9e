/**
 * The usage table's ledger items (see table-definitions.ts): counter keys, what a counter
 * counts, the hold item and the usage record. Read by the ledger, the sweeper, the usage report
 * and the reconciliation, so all agree on one shape.
 */
import type { Caller } from './authorizer-context.ts';
import type { BudgetScope } from './usage-ledger-errors.ts';
import { type BudgetPeriod, dayKey, monthKey } from './usage-periods.ts';

/** The numbers every counter adds up (holds included), each a whole number. */
export interface Charge {
  readonly tokens: number;
  /** US dollars in nano-dollars (1e-9 USD), so DynamoDB adds them exactly. */
  readonly nanoUsd: number;
  /** Calls: 1 per reservation. */
  readonly requests: number;
  /** Calls to SageMaker endpoints without a price (the per-user request quota). */
  readonly unpricedRequests: number;
}

/** The counter attributes, in a fixed order. */
export const CHARGE_FIELDS = ['tokens', 'nanoUsd', 'requests', 'unpricedRequests'] as const;

export const ZERO_CHARGE: Charge = { tokens: 0, nanoUsd: 0, requests: 0, unpricedRequests: 0 };

/** `a + sign * b`, field by field. */
export function addCharges(a: Charge, b: Charge, sign = 1): Charge {
  return {
    tokens: a.tokens + sign * b.tokens,
    nanoUsd: a.nanoUsd + sign * b.nanoUsd,
    requests: a.requests + sign * b.requests,
    unpricedRequests: a.unpricedRequests + sign * b.unpricedRequests,
  };
}

/** The charge fields of a stored item (absent fields count 0). */
export function chargeOf(item: Readonly<Record<string, unknown>> | undefined): Charge {
  return {
    tokens: Number(item?.['tokens'] ?? 0),
    nanoUsd: Number(item?.['nanoUsd'] ?? 0),
    requests: Number(item?.['requests'] ?? 0),
    unpricedRequests: Number(item?.['unpricedRequests'] ?? 0),
  };
}

/** Partition key of a user's counters, holds and records. */
export function userKey(caller: Pick<Caller, 'sub'>): string {
  return `USER#${caller.sub}`;
}

/** Partition key of a group's shared pool counters. */
export function groupKey(group: string): string {
  return `GROUP#${group}`;
}

/** Partition key of a cost centre's counters. */
export function costCentreKey(costCentre: string): string {
  return `COSTCENTRE#${costCentre}`;
}

/** Partition key of a personal API key's own budget counters. */
export function apiKeyKey(keyId: string): string {
  return `APIKEY#${keyId}`;
}

/** Key of an owner's (user, group pool, cost centre) counter for the period that contains `at`. */
export function periodKey(
  owner: string,
  period: BudgetPeriod,
  at: Date,
): { pk: string; sk: string } {
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

/** Sort-key prefixes that tell the items apart. */
export const SORT_PREFIX = { hold: 'HOLD#', record: 'REC#', day: 'DAY#', month: 'MONTH#' } as const;

/** One budget a reservation is charged to. */
export interface ScopeRef {
  readonly scope: BudgetScope;
  readonly scopeName?: string;
  /** Partition key of its counters. */
  readonly owner: string;
}

/** The hold item of a reservation in flight (`sk = HOLD#<id>`). */
export interface HoldItem {
  readonly pk: string;
  readonly sk: string;
  readonly holdShard: string;
  /** ISO time after which the sweeper settles the hold. */
  readonly holdExpiresAt: string;
  readonly reservationId: string;
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  readonly modelId: string;
  /** ISO start time: the counters' period and the price's date. */
  readonly at: string;
  /** Owners of the counters holding the charge. */
  readonly owners: readonly string[];
  /** The worst case the hold was priced at. */
  readonly worstCase: Record<string, number>;
  readonly unpriced: boolean;
  /** The held charge. */
  readonly tokens: number;
  readonly nanoUsd: number;
  readonly requests: number;
  readonly unpricedRequests: number;
}

/** The usage record of a settled call (`sk = REC#<iso start>#<request id>`); never content. */
export interface UsageRecordItem extends Charge {
  readonly pk: string;
  readonly sk: string;
  readonly day: string;
  readonly at: string;
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  readonly modelId: string;
  /** Owners of the counters charged: the reconciliation adds the record to each. */
  readonly owners: readonly string[];
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /** SageMaker invocations made (0 for Bedrock). */
  readonly invocations: number;
  readonly modelLatencyMs: number;
  readonly latencyMs: number;
  readonly status: string;
  /** The price book's version and the entry's `effectiveFrom` it was charged at. */
  readonly priceVersion: string;
  readonly priceFrom?: string;
  readonly reservationId: string;
}
