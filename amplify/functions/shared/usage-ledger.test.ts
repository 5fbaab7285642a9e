import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../../local/usage/dynamo.ts';
import type { BudgetConfig } from '../../usage/budgets.ts';
import type { Caller } from './authorizer-context.ts';
import {
  BudgetExceededError,
  UsageLedger,
  counterKey,
  groupKey,
  reservationFor,
  retentionDaysFromEnv,
  usageLedgerFromEnv,
} from './usage-ledger.ts';

const budgets: BudgetConfig = {
  groups: {
    MLUsers: { tokensPerDay: 250, tokensPerMonth: 10_000 },
    Administrators: { tokensPerDay: 10_000, tokensPerMonth: 300 },
  },
  users: { capped: { tokensPerDay: 50, tokensPerMonth: 50 } },
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};

const caller = (sub: string, groups: string[] = ['MLUsers'], username = sub): Caller => ({
  sub,
  username,
  email: '',
  groups,
  claims: {},
});

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

function ledgerAt(at: string): UsageLedger {
  return new UsageLedger({
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets,
    now: () => new Date(at),
  });
}

async function counter(sub: string, period: 'day' | 'month', at: string) {
  const { Item } = await dynamo.client.send(
    new GetCommand({
      TableName: dynamo.tableNames.usage,
      Key: counterKey({ sub }, period, new Date(at)),
    }),
  );
  return Item;
}

/** One model call through the ledger: check, "call", record `used` tokens. */
async function call(ledger: UsageLedger, who: Caller, used: number, requestId: string) {
  const reservation = await ledger.checkBudget(who, 'model-a', used);
  await ledger.recordUsage(reservation, {
    requestId,
    inputTokens: used / 2,
    outputTokens: used / 2,
    latencyMs: 12,
    status: 'ok',
  });
}

describe('UsageLedger against dynalite', () => {
  it('admits 50 concurrent calls only while tokens are left: overspend at most one call', async () => {
    const ledger = ledgerAt('2026-11-24T10:00:00Z');
    const who = caller('racer');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => call(ledger, who, 100, `r${i}`)),
    );
    const admitted = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter(
      (result) => result.status === 'rejected' && result.reason instanceof BudgetExceededError,
    ).length;
    expect(admitted + refused).toBe(50);
    expect(admitted).toBeGreaterThanOrEqual(1);
    const day = await counter('racer', 'day', '2026-11-24T10:00:00Z');
    // Budget 250 per day, 100 tokens per call: at most 250 + one call's 100.
    expect(day?.['tokens']).toBe(admitted * 100);
    expect(day?.['tokens']).toBeLessThanOrEqual(350);
    expect(admitted).toBeLessThanOrEqual(3);
    // Refused calls give back their month hold: the month counter matches the day counter.
    const month = await counter('racer', 'month', '2026-11-24T10:00:00Z');
    expect(month?.['tokens']).toBe(admitted * 100);
    expect(month?.['requests']).toBe(admitted);
  });

  it('refuses with the day reset time once the day is spent, and admits again the next day', async () => {
    const who = caller('daily');
    const today = ledgerAt('2026-11-24T23:59:00Z');
    await call(today, who, 300, 'd1');
    const refusal = await today.checkBudget(who, 'model-a', 10).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BudgetExceededError);
    const exceeded = refusal as BudgetExceededError;
    expect(exceeded.period).toBe('day');
    expect(exceeded.resetsAt.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(exceeded.retryAfterSeconds(new Date('2026-11-24T23:59:00Z'))).toBe(60);
    await expect(
      ledgerAt('2026-11-25T00:00:01Z').checkBudget(who, 'model-a', 10),
    ).resolves.toMatchObject({ tokens: 10 });
  });

  it('refuses on the month budget with the first of next month as reset time', async () => {
    const who = caller('admin-monthly', ['Administrators']);
    await call(ledgerAt('2026-11-02T08:00:00Z'), who, 400, 'm1');
    const refusal = await ledgerAt('2026-11-20T08:00:00Z')
      .checkBudget(who, 'model-a', 1)
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ period: 'month', limit: 300 });
    expect((refusal as BudgetExceededError).resetsAt.toISOString()).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });

  it('replaces the hold by the tokens used and writes a record without any content', async () => {
    const ledger = ledgerAt('2026-11-24T12:00:00Z');
    const who = caller('settler');
    const reservation = await ledger.checkBudget(who, 'model-a', reservationFor(200, 100));
    expect(reservation.tokens).toBe(300);
    expect((await counter('settler', 'day', '2026-11-24T12:00:00Z'))?.['tokens']).toBe(300);
    await ledger.recordUsage(reservation, {
      requestId: 'req-1',
      inputTokens: 40,
      outputTokens: 20,
      latencyMs: 80,
      status: 'ok',
    });
    const day = await counter('settler', 'day', '2026-11-24T12:00:00Z');
    expect(day).toMatchObject({ tokens: 60, inputTokens: 40, outputTokens: 20, requests: 1 });
    const { Items } = await dynamo.client.send(
      new QueryCommand({
        TableName: dynamo.tableNames.usage,
        IndexName: 'byDay',
        KeyConditionExpression: '#day = :day',
        FilterExpression: '#sub = :sub',
        ExpressionAttributeNames: { '#day': 'day', '#sub': 'sub' },
        ExpressionAttributeValues: { ':day': '2026-11-24', ':sub': 'settler' },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(Object.keys(Items![0]!).sort()).toEqual(
      [
        'at',
        'day',
        'expiresAt',
        'groups',
        'inputTokens',
        'latencyMs',
        'modelId',
        'outputTokens',
        'pk',
        'sk',
        'status',
        'sub',
        'username',
      ].sort(),
    );
    expect(Items![0]).toMatchObject({
      pk: 'USER#settler',
      sk: expect.stringMatching(/^REC#2026-11-24T12:00:00.000Z#req-1$/),
      username: 'settler',
      groups: ['MLUsers'],
      modelId: 'model-a',
      status: 'ok',
    });
    expect(Items![0]!['expiresAt']).toBe(
      Math.floor(Date.parse('2026-11-24T12:00:00Z') / 1000) + 400 * 86_400,
    );
  });

  it('charges an abandoned call its whole reservation', async () => {
    const ledger = ledgerAt('2026-11-24T12:00:00Z');
    const who = caller('leaver');
    const reservation = await ledger.checkBudget(who, 'model-a', 120);
    await ledger.recordUsage(reservation, {
      requestId: 'gone-1',
      inputTokens: 0,
      outputTokens: 0,
      latencyMs: 5,
      status: 'abandoned',
    });
    expect((await counter('leaver', 'day', '2026-11-24T12:00:00Z'))?.['tokens']).toBe(120);
  });

  it('charges an abandoned call what it reported when that is more than its reservation', async () => {
    const ledger = ledgerAt('2026-11-24T13:00:00Z');
    const who = caller('overran');
    const reservation = await ledger.checkBudget(who, 'model-a', 100);
    await ledger.recordUsage(reservation, {
      requestId: 'gone-2',
      inputTokens: 80,
      outputTokens: 60,
      latencyMs: 5,
      status: 'abandoned',
    });
    const day = await counter('overran', 'day', '2026-11-24T13:00:00Z');
    expect(day).toMatchObject({ tokens: 140, inputTokens: 80, outputTokens: 60, requests: 1 });
    expect((await counter('overran', 'month', '2026-11-24T13:00:00Z'))?.['tokens']).toBe(140);
  });

  it('applies per-user overrides and refuses callers without a budget', async () => {
    const ledger = ledgerAt('2026-11-24T12:00:00Z');
    await call(ledger, caller('sub-capped', ['MLUsers'], 'capped'), 60, 'c1');
    await expect(
      ledger.checkBudget(caller('sub-capped', ['MLUsers'], 'capped'), 'model-a', 1),
    ).rejects.toMatchObject({ limit: 50 });
    await expect(ledger.checkBudget(caller('nobody', []), 'model-a', 1)).rejects.toBeInstanceOf(
      BudgetExceededError,
    );
  });
});

describe('shared group pools', () => {
  const pooled: BudgetConfig = {
    ...budgets,
    groups: { MLUsers: { tokensPerDay: 10_000, tokensPerMonth: 100_000 } },
    groupPools: { MLUsers: { tokensPerDay: 500, tokensPerMonth: 100_000 } },
  };
  const pooledLedger = (at: string) =>
    new UsageLedger({
      client: dynamo.client,
      tableName: dynamo.tableNames.usage,
      budgets: pooled,
      now: () => new Date(at),
    });
  const poolTokens = async (at: string) =>
    (
      await dynamo.client.send(
        new GetCommand({
          TableName: dynamo.tableNames.usage,
          Key: { pk: groupKey('MLUsers'), sk: `DAY#${at.slice(0, 10)}` },
        }),
      )
    ).Item?.['tokens'];

  it('50 concurrent calls from 10 members: the pool is overspent by at most one call', async () => {
    const at = '2026-10-05T09:00:00Z';
    const ledger = pooledLedger(at);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => call(ledger, caller(`member-${i % 10}`), 100, `g${i}`)),
    );
    const admitted = results.filter((result) => result.status === 'fulfilled').length;
    const refusals = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as BudgetExceededError] : [],
    );
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBe(50 - admitted);
    expect(refusals.every((refusal) => refusal.group === 'MLUsers')).toBe(true);
    expect(refusals[0]!.message).toMatch(/^The MLUsers group's shared daily token budget/);
    expect(await poolTokens(at)).toBe(admitted * 100);
    expect(admitted * 100).toBeLessThanOrEqual(500 + 100);
    // Each member's own counter holds only what that member was admitted for.
    let members = 0;
    for (let m = 0; m < 10; m++)
      members += Number((await counter(`member-${m}`, 'day', at))?.['tokens'] ?? 0);
    expect(members).toBe(admitted * 100);
  });

  it('a member with allowance left is refused once the pool is spent', async () => {
    const at = '2026-10-06T09:00:00Z';
    const ledger = pooledLedger(at);
    await call(ledger, caller('pool-a'), 600, 'pa');
    const refusal = await ledger
      .checkBudget(caller('pool-b'), 'model-a', 10)
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ group: 'MLUsers', period: 'day', limit: 500 });
    expect(await counter('pool-b', 'day', at)).toMatchObject({ tokens: 0, requests: 0 });
  });
});

/** A DynamoDB client that records each command and answers with `answer`. */
function scriptedClient(answer: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return answer(command);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

describe('UsageLedger refusals', () => {
  const at = () => new Date('2026-11-24T10:00:00Z');

  it('says whose budget is spent, for which period, and until when', () => {
    const day = new BudgetExceededError('day', 250, new Date('2026-11-25T00:00:00Z'));
    expect(day.name).toBe('BudgetExceededError');
    expect(day.message).toBe(
      'Your daily token budget (250 tokens) is used up; it resets at 2026-11-25T00:00:00.000Z.',
    );
    const pool = new BudgetExceededError('month', 900, new Date('2026-12-01T00:00:00Z'), 'MLUsers');
    expect(pool.message).toBe(
      "The MLUsers group's shared monthly token budget (900 tokens) is used up; " +
        'it resets at 2026-12-01T00:00:00.000Z.',
    );
    expect(pool.retryAfterSeconds(new Date('2026-12-01T00:00:00Z'))).toBe(1);
  });

  it('refuses when the store reports a failed condition by name only (DynamoDB-compatible servers)', async () => {
    const failed = Object.assign(new Error('condition'), {
      name: 'ConditionalCheckFailedException',
    });
    const { client } = scriptedClient(() => {
      throw failed;
    });
    const ledger = new UsageLedger({ client, tableName: 't', budgets, now: at });
    await expect(ledger.checkBudget(caller('named'), 'model-a', 1)).rejects.toBeInstanceOf(
      BudgetExceededError,
    );
  });

  it('passes any other store error on, never as a budget refusal', async () => {
    const outage = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const { client } = scriptedClient(() => {
      throw outage;
    });
    const ledger = new UsageLedger({ client, tableName: 't', budgets, now: at });
    await expect(ledger.checkBudget(caller('outage'), 'model-a', 1)).rejects.toBe(outage);
  });

  it('needs a table name', () => {
    const { client } = scriptedClient(() => ({}));
    expect(() => new UsageLedger({ client, tableName: '' })).toThrow(
      'UsageLedger: tableName is required',
    );
  });
});

describe('usageLedgerFromEnv', () => {
  it('uses the client it is given, on the named table', async () => {
    const { client, sent } = scriptedClient(() => ({}));
    const ledger = usageLedgerFromEnv({ USAGE_TABLE_NAME: 'usage-table' }, client);
    await ledger!.checkBudget(caller('env-user', ['MLUsers']), 'model-a', 1);
    expect(sent[0]).toBeInstanceOf(UpdateCommand);
    expect((sent[0] as UpdateCommand).input.TableName).toBe('usage-table');
  });

  it('reads the retention as a positive whole number of days, unset when empty', () => {
    expect(retentionDaysFromEnv({}, 'DAYS')).toBeUndefined();
    expect(retentionDaysFromEnv({ DAYS: '' }, 'DAYS')).toBeUndefined();
    expect(retentionDaysFromEnv({ DAYS: '30' }, 'DAYS')).toBe(30);
    expect(retentionDaysFromEnv({ DAYS: '1' }, 'DAYS')).toBe(1);
    for (const raw of ['0', '-3', '1.5', 'x'])
      expect(() => retentionDaysFromEnv({ DAYS: raw }, 'DAYS'), raw).toThrow(
        `DAYS must be a positive whole number of days, got "${raw}"`,
      );
  });

  it('is disabled without a table name and validates the retention', () => {
    expect(usageLedgerFromEnv({})).toBeUndefined();
    expect(usageLedgerFromEnv({ USAGE_TABLE_NAME: 't' })).toBeInstanceOf(UsageLedger);
    expect(() => usageLedgerFromEnv({ USAGE_TABLE_NAME: 't', USAGE_RETENTION_DAYS: 'x' })).toThrow(
      /USAGE_RETENTION_DAYS/,
    );
  });
});
