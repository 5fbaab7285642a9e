import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import { UsageLedger } from '../shared/usage-ledger.ts';
import { handler, sweep } from './handler.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const ledgerAt = (at: string) =>
  new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets: {
      groups: { MLUsers: { tokensPerDay: 1_000, tokensPerMonth: 1_000 } },
      users: {},
      fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
    },
    holdSeconds: 60,
    now: () => new Date(at),
  });

/** The EMF documents written to stdout while `run` ran (Powertools writes there directly). */
async function emfDuring(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const chunks: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = original;
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the usage sweeper', () => {
  it('settles expired holds and reports how many as ExpiredHoldsSwept per usage table', async () => {
    const caller = { sub: 'sw', username: 'sw', email: '', groups: ['MLUsers'], claims: {} };
    await ledgerAt('2026-02-01T10:00:00Z').reserve(caller, 'model-a', {
      inputTokens: 5,
      outputTokens: 5,
    });
    let result: unknown;
    const emf = await emfDuring(async () => {
      result = await sweep(ledgerAt('2026-02-01T11:00:00Z'), 'the-table');
    });
    expect(result).toEqual({ swept: 1, skipped: 0 });
    expect(emf).toEqual([
      expect.objectContaining({
        ExpiredHoldsSwept: 1,
        UsageTable: 'the-table',
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            expect.objectContaining({
              Namespace: 'MLGateway/Usage',
              Dimensions: [expect.arrayContaining(['UsageTable'])],
            }),
          ],
        }),
      }),
    ]);
    const again = await emfDuring(() => sweep(ledgerAt('2026-02-01T11:00:00Z'), 'the-table'));
    expect(again[0]).toMatchObject({ ExpiredHoldsSwept: 0 });
  });

  it('refuses to run without a usage table', async () => {
    const saved = process.env['USAGE_TABLE_NAME'];
    delete process.env['USAGE_TABLE_NAME'];
    try {
      await expect(handler()).rejects.toThrow('USAGE_TABLE_NAME is not set');
    } finally {
      if (saved !== undefined) process.env['USAGE_TABLE_NAME'] = saved;
    }
  });
});
