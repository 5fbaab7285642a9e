import { execFile } from 'node:child_process';
import path from 'node:path';

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import type { BudgetConfig } from '../../usage/budgets.ts';
import type { Caller } from './authorizer-context.ts';
import { UsageLedger, type UsageOutcome } from './usage-ledger.ts';
import { reconcileItems, reconcileTable } from './usage-ledger-reconcile.ts';

const budgets: BudgetConfig = {
  groups: {
    MLUsers: { tokensPerDay: 50_000, tokensPerMonth: 500_000, usdPerDay: 1 },
    Administrators: { tokensPerDay: 90_000, tokensPerMonth: 900_000 },
  },
  groupPools: { MLUsers: { tokensPerDay: 200_000, tokensPerMonth: 2_000_000 } },
  costCentres: { 'CC-1': { tokensPerDay: 100_000, tokensPerMonth: 1_000_000, usdPerMonth: 10 } },
  users: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  unpricedRequests: { requestsPerDay: 50, requestsPerMonth: 500 },
};

const people: Caller[] = [
  { sub: 'rc-a', username: 'a', email: '', groups: ['MLUsers'], claims: { costCentre: 'CC-1' } },
  { sub: 'rc-b', username: 'b', email: '', groups: ['MLUsers'], claims: {} },
  {
    sub: 'rc-c',
    username: 'c',
    email: '',
    groups: ['Administrators', 'MLUsers'],
    claims: { costCentre: 'CC-1' },
  },
];
const models = ['local.echo', 'model-unpriced', 'local-sentiment', 'local-csv-scorer'];
const statuses: UsageOutcome['status'][] = ['ok', 'error', 'abandoned', 'refunded', 'ok'];

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const ledgerAt = (at: string, holdSeconds = 600) =>
  new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets,
    holdSeconds,
    now: () => new Date(at),
  });

/** A mixed day: every status, several scopes, priced and unpriced models, open and swept holds. */
async function mixedWorkload(): Promise<void> {
  const days = ['2026-03-30T22:00:00Z', '2026-03-31T23:59:59Z', '2026-04-01T00:00:01Z'];
  const calls = Array.from({ length: 90 }, async (_, i) => {
    const ledger = ledgerAt(days[i % days.length]!);
    const who = people[i % people.length]!;
    const modelId = models[i % models.length]!;
    const reservation = await ledger.reserve(who, modelId, {
      inputTokens: 100 + i,
      outputTokens: 50,
      requests: 1,
      modelLatencyMs: 2_000,
    });
    // Every seventh call never settles: an open hold (or, further below, a swept one).
    if (i % 7 === 0) return;
    await ledger.settle(reservation, {
      requestId: `mix-${i}`,
      charged: { inputTokens: 60 + i, outputTokens: i % 40, cacheReadTokens: i % 3, requests: 1 },
      latencyMs: 30,
      status: statuses[i % statuses.length]!,
    });
  });
  const results = await Promise.allSettled(calls);
  // Refusals are part of the workload; any other failure is not.
  for (const result of results)
    if (result.status === 'rejected') expect(result.reason.name).toBe('BudgetExceededError');
  // The holds of the first day have expired by the next evening: swept and charged in full.
  await ledgerAt('2026-03-31T22:00:00Z').sweepExpiredHolds();
}

describe('reconciliation', () => {
  it('finds no difference after a mixed workload, then exactly a planted one', async () => {
    await mixedWorkload();
    const clean = await reconcileTable(dynamo.client, dynamo.tableNames.usage);
    expect(clean.records).toBeGreaterThan(40);
    expect(clean.holds).toBeGreaterThan(0);
    expect(clean.counters).toBeGreaterThan(10);
    expect(clean.differences).toEqual([]);

    await dynamo.client.send(
      new UpdateCommand({
        TableName: dynamo.tableNames.usage,
        Key: { pk: 'COSTCENTRE#CC-1', sk: 'MONTH#2026-03' },
        UpdateExpression: 'ADD nanoUsd :planted',
        ExpressionAttributeValues: { ':planted': 7 },
      }),
    );
    const planted = await reconcileTable(dynamo.client, dynamo.tableNames.usage);
    expect(planted.differences).toHaveLength(1);
    const [difference] = planted.differences;
    expect(difference).toMatchObject({
      pk: 'COSTCENTRE#CC-1',
      sk: 'MONTH#2026-03',
      field: 'nanoUsd',
    });
    expect(difference!.stored - difference!.expected).toBe(7);
  }, 60_000);

  it('npm run reconcile reports on the table and exits 1 on a difference, 0 when clean', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    // Asynchronous: dynalite runs in this process and must keep answering the command.
    const run = (...args: string[]) =>
      new Promise<{ status: number; stdout: string }>((resolve) => {
        execFile(
          process.execPath,
          ['scripts/reconcile.ts', '--endpoint', dynamo.endpoint, ...args],
          { cwd: root, encoding: 'utf8' },
          (error, stdout) => resolve({ status: error ? Number(error.code) : 0, stdout }),
        );
      });
    const withPlant = await run();
    expect(withPlant.status).toBe(1);
    expect(withPlant.stdout).toMatch(
      /1 difference\(s\)\n {2}COSTCENTRE#CC-1 MONTH#2026-03 nanoUsd: counter \d+, records \+ holds \d+ \(\+7\)/,
    );
    // Periods before --since are not judged.
    const april = await run('--since', '2026-04-01');
    expect(april.stdout).toMatch(/0 difference\(s\)/);
    expect(april.status).toBe(0);
    expect((await run('--since', 'April')).status).toBe(2);
  }, 60_000);

  it('counts a counter without records, and records without a counter, as differences', () => {
    const report = reconcileItems([
      { pk: 'USER#x', sk: 'DAY#2026-01-01', tokens: 5, requests: 1 },
      {
        pk: 'USER#y',
        sk: 'REC#2026-01-02T00:00:00.000Z#r',
        at: '2026-01-02T00:00:00.000Z',
        owners: ['USER#y'],
        tokens: 3,
        requests: 1,
      },
    ]);
    expect(
      report.differences.map((d) => `${d.pk} ${d.sk} ${d.field} ${d.stored}/${d.expected}`),
    ).toEqual([
      'USER#x DAY#2026-01-01 tokens 5/0',
      'USER#x DAY#2026-01-01 requests 1/0',
      'USER#y DAY#2026-01-02 tokens 0/3',
      'USER#y DAY#2026-01-02 requests 0/1',
      'USER#y MONTH#2026-01 tokens 0/3',
      'USER#y MONTH#2026-01 requests 0/1',
    ]);
  });
});
