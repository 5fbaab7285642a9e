import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import type { BudgetConfig } from '../../usage/budgets.ts';
import type { Caller } from './authorizer-context.ts';
import {
  BudgetExceededError,
  counterKey,
  groupKey,
  HoldGoneError,
  type Reservation,
  reservationFor,
  retentionDaysFromEnv,
  type UsageAmounts,
  UsageLedger,
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

const caller = (
  sub: string,
  groups: string[] = ['MLUsers'],
  username = sub,
  claims: Record<string, string> = {},
): Caller => ({ sub, username, email: '', groups, claims });

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

function ledgerAt(at: string, config: BudgetConfig = budgets, holdSeconds?: number): UsageLedger {
  return new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets: config,
    now: () => new Date(at),
    ...(holdSeconds ? { holdSeconds } : {}),
  });
}

async function item(key: { pk: string; sk: string }) {
  const { Item } = await dynamo.client.send(
    new GetCommand({ TableName: dynamo.tableNames.usage, Key: key }),
  );
  return Item;
}

const counter = (sub: string, period: 'day' | 'month', at: string) =>
  item(counterKey({ sub }, period, new Date(at)));

async function partition(pk: string, prefix: string) {
  const { Items } = await dynamo.client.send(
    new QueryCommand({
      TableName: dynamo.tableNames.usage,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    }),
  );
  return Items ?? [];
}

const tokens = (input: number, output: number): UsageAmounts => ({
  inputTokens: input,
  outputTokens: output,
});

/** The local server's address and dummy credentials, for a client of the test's own. */
const dynamoConfig = () => ({
  endpoint: dynamo.endpoint,
  region: dynamo.env['AWS_REGION'],
  credentials: {
    accessKeyId: dynamo.env['AWS_ACCESS_KEY_ID']!,
    secretAccessKey: dynamo.env['AWS_SECRET_ACCESS_KEY']!,
  },
});

/** One model call through the ledger: reserve `worst`, "call", settle what it `used`. */
async function call(
  ledger: UsageLedger,
  who: Caller,
  worst: UsageAmounts,
  used: UsageAmounts,
  requestId: string,
  modelId = 'model-a',
) {
  const reservation = await ledger.reserve(who, modelId, worst);
  await ledger.settle(reservation, { requestId, charged: used, latencyMs: 12, status: 'ok' });
  return reservation;
}

async function refusalOf(promise: Promise<unknown>): Promise<BudgetExceededError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BudgetExceededError);
  return error as BudgetExceededError;
}

describe('500 concurrent calls against a budget five calls wide', () => {
  const narrow: BudgetConfig = {
    ...budgets,
    groups: { MLUsers: { tokensPerDay: 500, tokensPerMonth: 1_000_000 } },
  };

  it('admits exactly five when every call is charged its whole worst case: total = limit', async () => {
    const at = '2026-09-01T10:00:00Z';
    const ledger = ledgerAt(at, narrow);
    const who = caller('racer-full');
    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) =>
        call(ledger, who, tokens(60, 40), tokens(60, 40), `f${i}`),
      ),
    );
    const admitted = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter(
      (result) => result.status === 'rejected' && result.reason instanceof BudgetExceededError,
    ).length;
    expect(admitted).toBe(5);
    expect(refused).toBe(495);
    expect(await counter('racer-full', 'day', at)).toMatchObject({ tokens: 500, requests: 5 });
    expect(await counter('racer-full', 'month', at)).toMatchObject({ tokens: 500, requests: 5 });
    expect(await partition('USER#racer-full', 'HOLD#')).toEqual([]);
    expect(await partition('USER#racer-full', 'REC#')).toHaveLength(5);
  }, 120_000);

  it('never lets the charged total pass the limit when calls use less than their hold', async () => {
    const at = '2026-09-02T10:00:00Z';
    const ledger = ledgerAt(at, narrow);
    const who = caller('racer-part');
    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) =>
        call(ledger, who, tokens(60, 40), tokens(30, 7), `p${i}`),
      ),
    );
    const admitted = results.filter((result) => result.status === 'fulfilled').length;
    expect(admitted).toBeGreaterThanOrEqual(5);
    const day = await counter('racer-part', 'day', at);
    // Every admitted call is charged 37; the bound is the limit itself, holds included.
    expect(day?.['tokens']).toBe(admitted * 37);
    expect(admitted * 37).toBeLessThanOrEqual(500);
    // Settled calls free what they did not use: room for the 5 the holds alone allow, or more.
    expect(admitted).toBeLessThanOrEqual(Math.floor(500 / 37));
  }, 120_000);
});

describe('each scope refuses on its own, and a refusal changes nothing', () => {
  const scoped: BudgetConfig = {
    groups: { MLUsers: { tokensPerDay: 1_000, tokensPerMonth: 10_000 } },
    groupPools: { MLUsers: { tokensPerDay: 5_000, tokensPerMonth: 50_000 } },
    costCentres: { 'CC-7': { tokensPerDay: 5_000, tokensPerMonth: 50_000 } },
    users: {},
    fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  };

  it('the user: own allowance spent, pool and cost centre untouched by the refusal', async () => {
    const at = '2026-08-03T10:00:00Z';
    const ledger = ledgerAt(at, scoped);
    const who = caller('scope-user', ['MLUsers'], 'scope-user', { costCentre: 'CC-7' });
    await call(ledger, who, tokens(900, 0), tokens(900, 0), 'u1');
    const refusal = await refusalOf(ledger.reserve(who, 'model-a', tokens(200, 0)));
    expect(refusal).toMatchObject({ scope: 'user', period: 'day', unit: 'tokens', limit: 1_000 });
    expect(refusal.scopeName).toBeUndefined();
    expect((await item({ pk: 'GROUP#MLUsers', sk: 'DAY#2026-08-03' }))?.['tokens']).toBe(900);
    expect((await item({ pk: 'COSTCENTRE#CC-7', sk: 'DAY#2026-08-03' }))?.['tokens']).toBe(900);
  });

  it('the group pool: shared total spent while the member has allowance left', async () => {
    const at = '2026-08-04T10:00:00Z';
    const ledger = ledgerAt(at, scoped);
    for (let i = 0; i < 5; i++)
      await call(ledger, caller(`pool-${i}`), tokens(1_000, 0), tokens(1_000, 0), `g${i}`);
    const who = caller('pool-late');
    const refusal = await refusalOf(ledger.reserve(who, 'model-a', tokens(10, 0)));
    expect(refusal).toMatchObject({ scope: 'group', scopeName: 'MLUsers', unit: 'tokens' });
    expect(refusal.message).toMatch(
      /^The MLUsers group's shared daily token budget \(5000 tokens\)/,
    );
    expect(await counter('pool-late', 'day', at)).toBeUndefined();
  });

  it('the cost centre: its total spent by its members, whatever their groups', async () => {
    const at = '2026-08-05T10:00:00Z';
    const ledger = ledgerAt(at, {
      ...scoped,
      groups: { ...scoped.groups, Administrators: { tokensPerDay: 9_000, tokensPerMonth: 90_000 } },
    });
    const admin = caller('cc-admin', ['Administrators'], 'cc-admin', { costCentre: 'CC-7' });
    await call(ledger, admin, tokens(5_000, 0), tokens(5_000, 0), 'c1');
    const refusal = await refusalOf(ledger.reserve(admin, 'model-a', tokens(1, 0)));
    expect(refusal).toMatchObject({ scope: 'costCentre', scopeName: 'CC-7', period: 'day' });
    expect(refusal.details()).toEqual({
      scope: 'costCentre',
      scopeName: 'CC-7',
      period: 'day',
      unit: 'tokens',
      limit: 5_000,
      resetsAt: '2026-08-06T00:00:00.000Z',
    });
    // Another cost centre (or none) is not limited by CC-7's spend.
    await expect(
      ledger.reserve(
        caller('cc-other', ['Administrators'], 'x', { costCentre: 'CC-8' }),
        'model-a',
        tokens(1, 0),
      ),
    ).resolves.toBeDefined();
    expect((await counter('cc-admin', 'day', at))?.['tokens']).toBe(5_000);
  });

  it('the month: first of next month as reset time', async () => {
    const who = caller('admin-monthly', ['Administrators']);
    await call(ledgerAt('2026-11-02T08:00:00Z'), who, tokens(300, 0), tokens(300, 0), 'm1');
    const refusal = await refusalOf(
      ledgerAt('2026-11-20T08:00:00Z').reserve(who, 'model-a', tokens(1, 0)),
    );
    expect(refusal).toMatchObject({ period: 'month', limit: 300, unit: 'tokens' });
    expect(refusal.resetsAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('a worst case larger than a limit, or a zero budget, is refused without a write', async () => {
    const ledger = ledgerAt('2026-11-24T12:00:00Z');
    await expect(
      ledger.reserve(caller('nobody', []), 'model-a', tokens(1, 0)),
    ).rejects.toMatchObject({
      scope: 'user',
      limit: 0,
    });
    await expect(
      ledger.reserve(caller('sub-capped', ['MLUsers'], 'capped'), 'model-a', tokens(51, 0)),
    ).rejects.toMatchObject({ limit: 50 });
    expect(await counter('sub-capped', 'day', '2026-11-24T12:00:00Z')).toBeUndefined();
  });
});

describe('US dollars and tokens are both enforced', () => {
  // local.echo: $0.001 per 1k input and $0.002 per 1k output tokens (prices.ts).
  const dollars: BudgetConfig = {
    groups: { MLUsers: { tokensPerDay: 1_000_000, tokensPerMonth: 1_000_000, usdPerDay: 0.001 } },
    users: { tight: { tokensPerDay: 250, tokensPerMonth: 1_000_000, usdPerDay: 100 } },
    fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
  };

  it('the USD limit refuses while tokens are left, naming the unit and the dollar limit', async () => {
    const at = '2026-07-01T10:00:00Z';
    const ledger = ledgerAt(at, dollars);
    const who = caller('usd-user');
    // Each call: 100 in + 100 out = $0.0003.
    for (let i = 0; i < 3; i++)
      await call(ledger, who, tokens(100, 100), tokens(100, 100), `usd${i}`, 'local.echo');
    expect(await counter('usd-user', 'day', at)).toMatchObject({ tokens: 600, nanoUsd: 900_000 });
    const refusal = await refusalOf(ledger.reserve(who, 'local.echo', tokens(100, 100)));
    expect(refusal).toMatchObject({ scope: 'user', period: 'day', unit: 'usd', limit: 0.001 });
    expect(refusal.message).toMatch(/^Your daily USD budget \(\$0\.001\) has no room/);
  });

  it('the token limit refuses while dollars are left', async () => {
    const at = '2026-07-02T10:00:00Z';
    const ledger = ledgerAt(at, dollars);
    const who = caller('sub-tight', ['MLUsers'], 'tight');
    await call(ledger, who, tokens(100, 100), tokens(100, 100), 't1', 'local.echo');
    const refusal = await refusalOf(ledger.reserve(who, 'local.echo', tokens(30, 30)));
    expect(refusal).toMatchObject({ unit: 'tokens', limit: 250 });
  });

  it('prices cache tokens and writes a record with every amount and its cost, never content', async () => {
    const at = '2026-07-03T10:00:00Z';
    const ledger = ledgerAt(at, dollars);
    const who = caller('recorder');
    const reservation = await ledger.reserve(who, 'local.echo', reservationFor(300, 200));
    expect(reservation.held).toEqual({
      tokens: 500,
      nanoUsd: 300 * 1000 + 200 * 2000,
      requests: 1,
      unpricedRequests: 0,
    });
    await ledger.settle(reservation, {
      requestId: 'req-1',
      charged: { inputTokens: 40, outputTokens: 20, cacheReadTokens: 100, cacheWriteTokens: 10 },
      latencyMs: 80,
      status: 'ok',
    });
    // cache read at its price ($0.0001/1k), cache write at the input price (none listed).
    const nano = 40 * 1000 + 20 * 2000 + 100 * 100 + 10 * 1000;
    expect(await counter('recorder', 'day', at)).toMatchObject({
      tokens: 170,
      nanoUsd: nano,
      requests: 1,
    });
    const [record] = await partition('USER#recorder', 'REC#');
    expect(Object.keys(record!).sort()).toEqual(
      [
        'at',
        'cacheReadTokens',
        'cacheWriteTokens',
        'day',
        'expiresAt',
        'groups',
        'inputTokens',
        'invocations',
        'latencyMs',
        'modelId',
        'modelLatencyMs',
        'nanoUsd',
        'outputTokens',
        'owners',
        'pk',
        'priceFrom',
        'priceVersion',
        'requests',
        'reservationId',
        'sk',
        'status',
        'sub',
        'tokens',
        'unpricedRequests',
        'username',
      ].sort(),
    );
    expect(record).toMatchObject({
      sk: 'REC#2026-07-03T10:00:00.000Z#req-1',
      modelId: 'local.echo',
      tokens: 170,
      nanoUsd: nano,
      cacheReadTokens: 100,
      owners: ['USER#recorder'],
      priceFrom: '2026-01-01',
      expiresAt: Math.floor(Date.parse(at) / 1000) + 400 * 86_400,
    });
  });
});

describe('SageMaker endpoints', () => {
  const quota: BudgetConfig = {
    ...budgets,
    unpricedRequests: { requestsPerDay: 2, requestsPerMonth: 100 },
  };

  it('an unpriced endpoint is limited by the per-user request quota', async () => {
    const at = '2026-06-01T10:00:00Z';
    const ledger = ledgerAt(at, quota);
    const who = caller('sm-user');
    const once: UsageAmounts = { inputTokens: 0, outputTokens: 0, requests: 1 };
    for (let i = 0; i < 2; i++) await call(ledger, who, once, once, `sm${i}`, 'local-csv-scorer');
    const refusal = await refusalOf(ledger.reserve(who, 'local-csv-scorer', once));
    expect(refusal).toMatchObject({ scope: 'user', unit: 'requests', limit: 2, period: 'day' });
    // A priced endpoint is charged in dollars and not counted against the quota.
    await call(ledger, who, once, once, 'sm-priced', 'local-sentiment');
    expect(await counter('sm-user', 'day', at)).toMatchObject({
      unpricedRequests: 2,
      requests: 3,
      nanoUsd: 1_000_000,
    });
  });

  it('an endpoint priced per second is charged for its model latency', async () => {
    const at = '2026-06-02T10:00:00Z';
    const ledger = ledgerAt(at, quota);
    const who = caller('sm-seconds');
    await call(
      ledger,
      who,
      { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: 60_000 },
      { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: 1_500 },
      'sec1',
      'local-text-stream',
    );
    // $0.01 per second.
    expect((await counter('sm-seconds', 'day', at))?.['nanoUsd']).toBe(15_000_000);
  });
});

describe('settling', () => {
  it('refunds a call refused before the upstream call: counters as before, no record', async () => {
    const at = '2026-05-01T10:00:00Z';
    const ledger = ledgerAt(at);
    const who = caller('refunded');
    await call(ledger, who, tokens(10, 10), tokens(5, 5), 'before');
    const reservation = await ledger.reserve(who, 'model-a', tokens(100, 100));
    await ledger.settle(reservation, {
      requestId: 'refused',
      charged: tokens(0, 0),
      latencyMs: 0,
      status: 'refunded',
    });
    expect(await counter('refunded', 'day', at)).toMatchObject({ tokens: 10, requests: 1 });
    expect(await partition('USER#refunded', 'REC#')).toHaveLength(1);
  });

  it('charges an abandoned call its whole hold', async () => {
    const at = '2026-05-02T10:00:00Z';
    const ledger = ledgerAt(at);
    const reservation = await ledger.reserve(caller('leaver'), 'model-a', tokens(70, 50));
    await ledger.settle(reservation, {
      requestId: 'gone',
      charged: tokens(1, 1),
      latencyMs: 5,
      status: 'abandoned',
    });
    expect((await counter('leaver', 'day', at))?.['tokens']).toBe(120);
  });

  it('stores a worst case with unset amounts (a client that keeps undefined values)', async () => {
    const strict = new UsageLedger({
      ...LOCAL_PRICING,
      client: DynamoDBDocumentClient.from(new DynamoDBClient(dynamoConfig())),
      tableName: dynamo.tableNames.usage,
      budgets,
      now: () => new Date('2026-05-05T10:00:00Z'),
    });
    const worst = {
      inputTokens: 5,
      outputTokens: 5,
      requests: undefined,
      modelLatencyMs: undefined,
    };
    const reservation = await strict.reserve(caller('strict'), 'model-a', worst);
    await strict.settle(reservation, {
      requestId: 's',
      charged: worst,
      latencyMs: 1,
      status: 'ok',
    });
    expect((await counter('strict', 'day', '2026-05-05T10:00:00Z'))?.['tokens']).toBe(10);
  });

  it('a second settle of one reservation charges nothing more', async () => {
    const at = '2026-05-03T10:00:00Z';
    const ledger = ledgerAt(at);
    const reservation = await call(ledger, caller('twice'), tokens(50, 50), tokens(20, 20), 'once');
    await expect(
      ledger.settle(reservation, {
        requestId: 'again',
        charged: tokens(20, 20),
        latencyMs: 1,
        status: 'ok',
      }),
    ).rejects.toBeInstanceOf(HoldGoneError);
    expect((await counter('twice', 'day', at))?.['tokens']).toBe(40);
    expect(await partition('USER#twice', 'REC#')).toHaveLength(1);
  });

  it('a settle after a refusal is impossible: no reservation exists, and a forged one is refused', async () => {
    const at = '2026-05-04T10:00:00Z';
    const ledger = ledgerAt(at);
    const who = caller('forger');
    await call(ledger, who, tokens(200, 0), tokens(200, 0), 'spent');
    await refusalOf(ledger.reserve(who, 'model-a', tokens(100, 0)));
    expect(await partition('USER#forger', 'HOLD#')).toEqual([]);
    // What the refused call would have held, settled with a large negative delta if allowed.
    const forged: Reservation = {
      id: 'forged',
      caller: who,
      modelId: 'model-a',
      startedAt: new Date(at),
      worstCase: tokens(100, 0),
      unpriced: false,
      held: { tokens: 100_000, nanoUsd: 0, requests: 1, unpricedRequests: 0 },
      owners: ['USER#forger'],
      holdKey: { pk: 'USER#forger', sk: 'HOLD#forged' },
    };
    await expect(
      ledger.settle(forged, { requestId: 'f', charged: tokens(0, 0), latencyMs: 1, status: 'ok' }),
    ).rejects.toBeInstanceOf(HoldGoneError);
    expect(await counter('forger', 'day', at)).toMatchObject({ tokens: 200, requests: 1 });
    expect(await partition('USER#forger', 'REC#')).toHaveLength(1);
  });
});

describe('expired holds', () => {
  it('the sweeper charges an expired hold in full, writes its record, and its late settle is refused', async () => {
    const start = '2026-04-01T10:00:00Z';
    const reservation = await ledgerAt(start, budgets, 60).reserve(
      caller('crashed'),
      'model-a',
      tokens(80, 40),
    );
    const fresh = await ledgerAt('2026-04-01T10:01:30Z', budgets, 60).reserve(
      caller('crashed'),
      'model-a',
      tokens(1, 1),
    );
    const sweeper = ledgerAt('2026-04-01T10:02:00Z', budgets, 60);
    expect(await sweeper.sweepExpiredHolds()).toEqual({ swept: 1, skipped: 0 });
    expect((await counter('crashed', 'day', start))?.['tokens']).toBe(122);
    const records = await partition('USER#crashed', 'REC#');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'abandoned', tokens: 120, inputTokens: 80 });
    expect((await partition('USER#crashed', 'HOLD#')).map((hold) => hold['reservationId'])).toEqual(
      [fresh.id],
    );
    await expect(
      sweeper.settle(reservation, {
        requestId: 'late',
        charged: tokens(1, 1),
        latencyMs: 1,
        status: 'ok',
      }),
    ).rejects.toBeInstanceOf(HoldGoneError);
    expect((await counter('crashed', 'day', start))?.['tokens']).toBe(122);
    expect(await sweeper.sweepExpiredHolds()).toEqual({ swept: 0, skipped: 0 });
  });
});

/** A DynamoDB client that records each command and answers with `answer`. */
function scriptedClient(answer: (command: unknown, index: number) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return answer(command, sent.length - 1);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sent };
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('UsageLedger against a scripted store', () => {
  const at = () => new Date('2026-11-24T10:00:00Z');

  it('says whose budget has no room, for which period and unit, and until when', () => {
    const day = new BudgetExceededError({
      scope: 'user',
      period: 'day',
      unit: 'tokens',
      limit: 250,
      resetsAt: new Date('2026-11-25T00:00:00Z'),
    });
    expect(day.name).toBe('BudgetExceededError');
    expect(day.message).toBe(
      'Your daily token budget (250 tokens) has no room for this call; it resets at 2026-11-25T00:00:00.000Z.',
    );
    expect(day.retryAfterSeconds(new Date('2026-11-24T23:59:00Z'))).toBe(60);
    expect(day.details()).not.toHaveProperty('scopeName');
  });

  it('sends each reservation as one transaction and retries one cancelled by a conflict', async () => {
    const { client, sent } = scriptedClient((_command, index) => {
      if (index === 0) throw cancelled('TransactionConflict', 'None', 'None');
      return {};
    });
    const ledger = new UsageLedger({ ...LOCAL_PRICING, client, tableName: 't', budgets, now: at });
    await ledger.reserve(caller('conflicted'), 'model-a', tokens(1, 0));
    expect(sent).toHaveLength(2);
    expect(sent.every((command) => command instanceof TransactWriteCommand)).toBe(true);
    const actions = (sent[1] as TransactWriteCommand).input.TransactItems!;
    // Month and day of the user's counter, then the hold.
    expect(actions.map((action) => Object.keys(action)[0])).toEqual(['Update', 'Update', 'Put']);
  });

  it('passes any other store error on, never as a budget refusal', async () => {
    const outage = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const { client } = scriptedClient(() => {
      throw outage;
    });
    const ledger = new UsageLedger({ ...LOCAL_PRICING, client, tableName: 't', budgets, now: at });
    await expect(ledger.reserve(caller('outage'), 'model-a', tokens(1, 0))).rejects.toBe(outage);
  });

  it('needs a table name and a valid price book', () => {
    const { client } = scriptedClient(() => ({}));
    expect(() => new UsageLedger({ ...LOCAL_PRICING, client, tableName: '' })).toThrow(
      'UsageLedger: tableName is required',
    );
    expect(
      () =>
        new UsageLedger({
          ...LOCAL_PRICING,
          client,
          tableName: 't',
          priceBook: { version: 'x', entries: [{ model: 'nope' }] } as never,
        }),
    ).toThrow(/price book has/);
  });
});

describe('usageLedgerFromEnv', () => {
  it('uses the client it is given, on the named table', async () => {
    const { client, sent } = scriptedClient(() => ({}));
    const ledger = usageLedgerFromEnv({ USAGE_TABLE_NAME: 'usage-table' }, client);
    await ledger!.reserve(caller('env-user', ['MLUsers']), 'model-a', tokens(1, 0));
    const actions = (sent[0] as TransactWriteCommand).input.TransactItems!;
    expect(actions.map((action) => Object.values(action)[0].TableName)).toEqual([
      'usage-table',
      'usage-table',
      'usage-table',
    ]);
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

  it('is disabled without a table name and validates the retention and hold lifetime', () => {
    expect(usageLedgerFromEnv({})).toBeUndefined();
    expect(usageLedgerFromEnv({ USAGE_TABLE_NAME: 't' })).toBeInstanceOf(UsageLedger);
    expect(() => usageLedgerFromEnv({ USAGE_TABLE_NAME: 't', USAGE_RETENTION_DAYS: 'x' })).toThrow(
      /USAGE_RETENTION_DAYS/,
    );
    expect(() => usageLedgerFromEnv({ USAGE_TABLE_NAME: 't', USAGE_HOLD_SECONDS: '0' })).toThrow(
      /USAGE_HOLD_SECONDS/,
    );
  });
});

describe('group pools charge each member too', () => {
  it('the pool and the member counters move together', async () => {
    const at = '2026-10-05T09:00:00Z';
    const ledger = ledgerAt(at, {
      ...budgets,
      groupPools: { MLUsers: { tokensPerDay: 500, tokensPerMonth: 100_000 } },
    });
    await call(ledger, caller('pool-m1'), tokens(100, 0), tokens(60, 0), 'pm1');
    expect((await item({ pk: groupKey('MLUsers'), sk: 'DAY#2026-10-05' }))?.['tokens']).toBe(60);
    expect((await counter('pool-m1', 'day', at))?.['tokens']).toBe(60);
  });
});
