import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

import {
  addCharges,
  type Charge,
  CHARGE_FIELDS,
  chargeOf,
  SORT_PREFIX,
  ZERO_CHARGE,
} from './usage-ledger-items.ts';
import { dayKey, monthKey } from './usage-periods.ts';

/** One counter whose stored totals differ from what its records and open holds add up to. */
export interface CounterDifference {
  readonly pk: string;
  readonly sk: string;
  readonly field: (typeof CHARGE_FIELDS)[number];
  /** What the counter holds. */
  readonly stored: number;
  /** What the usage records and open holds of its owner and period add up to. */
  readonly expected: number;
}

export interface ReconciliationReport {
  readonly counters: number;
  readonly records: number;
  readonly holds: number;
  readonly differences: readonly CounterDifference[];
}

/** Items as the usage table stores them (only the fields reconciliation reads). */
type StoredItem = Readonly<Record<string, unknown>> & { pk: string; sk: string };

/**
 * Recomputes every counter from the raw items: each usage record and open hold adds its charge
 * to the day and month counter of every owner it names, and the sums must equal the counters.
 * Periods before `since` (`yyyy-mm-dd`) are skipped: DynamoDB TTL deletes records and counters
 * on their own clocks, so periods near the retention horizon may differ legitimately.
 */
export function reconcileItems(items: Iterable<StoredItem>, since = ''): ReconciliationReport {
  const stored = new Map<string, Charge>();
  const expected = new Map<string, Charge>();
  let records = 0;
  let holds = 0;
  const add = (key: string, charge: Charge) =>
    expected.set(key, addCharges(expected.get(key) ?? ZERO_CHARGE, charge));
  for (const item of items) {
    const isRecord = item.sk.startsWith(SORT_PREFIX.record);
    const isHold = item.sk.startsWith(SORT_PREFIX.hold);
    if (isRecord || isHold) {
      if (isRecord) records++;
      else holds++;
      const at = new Date(String(item['at']));
      const owners = (item['owners'] as string[] | undefined) ?? [item.pk];
      for (const owner of owners) {
        add(`${owner}|${SORT_PREFIX.day}${dayKey(at)}`, chargeOf(item));
        add(`${owner}|${SORT_PREFIX.month}${monthKey(at)}`, chargeOf(item));
      }
    } else if (item.sk.startsWith(SORT_PREFIX.day) || item.sk.startsWith(SORT_PREFIX.month)) {
      stored.set(`${item.pk}|${item.sk}`, chargeOf(item));
    }
  }
  const differences: CounterDifference[] = [];
  for (const key of new Set([...stored.keys(), ...expected.keys()])) {
    const [pk, sk] = key.split('|') as [string, string];
    if (periodStart(sk) < since) continue;
    const have = stored.get(key) ?? ZERO_CHARGE;
    const want = expected.get(key) ?? ZERO_CHARGE;
    for (const field of CHARGE_FIELDS)
      if (have[field] !== want[field])
        differences.push({ pk, sk, field, stored: have[field], expected: want[field] });
  }
  differences.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
  return { counters: stored.size, records, holds, differences };
}

/** First day of a counter's period, from its sort key. */
function periodStart(sk: string): string {
  return sk.startsWith(SORT_PREFIX.day)
    ? sk.slice(SORT_PREFIX.day.length)
    : `${sk.slice(SORT_PREFIX.month.length)}-01`;
}

/**
 * Reads the whole usage table (a paginated Scan: run it off-peak on a large table) and
 * reconciles it. Counters, records and holds change while a live table is read: a difference
 * on a period in use at the time may be a call in flight; run again to confirm.
 */
export async function reconcileTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  since = '',
): Promise<ReconciliationReport> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...((page.Items ?? []) as StoredItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return reconcileItems(items, since);
}
