/**
 * Each answer says what it cost: the buffered answer and the stream's `done` event carry the
 * charge the usage ledger settled (`costNanoUsd`), the same figure the ledger's counters hold.
 * The processor against the local Bedrock server and a real ledger on dynalite.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_PRICING } from '../../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../local/usage/dynamo.ts';
import {
  apiEvent,
  call,
  callStream,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { counterKey, UsageLedger } from '../shared/usage-ledger.ts';
import type { BudgetLedger } from './invocation.ts';

let dynamo: LocalDynamo;
let ledger: UsageLedger;
/** The harness takes its ledger when the module loads; dynalite starts in beforeAll. */
const lateLedger: BudgetLedger = {
  reserve: (...args) => ledger.reserve(...args),
  settle: (...args) => ledger.settle(...args),
};
const harness = useHarness({}, lateLedger);

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  ledger = new UsageLedger({
    ...LOCAL_PRICING,
    client: dynamo.client,
    tableName: dynamo.tableNames.usage,
    budgets: {
      groups: { MLUsers: { tokensPerDay: 100_000, tokensPerMonth: 1_000_000 } },
      users: {},
      fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
    },
  });
});
afterAll(() => dynamo?.stop());

const callerNamed = (sub: string): Caller => ({
  sub,
  username: sub,
  email: '',
  groups: ['MLUsers'],
  claims: {},
});
const ask = (route: string, caller: Caller) =>
  apiEvent('POST', route, { body: { modelId: 'local.echo', prompt: 'one two three' }, caller });

/** What the ledger's day counter of `sub` holds, in nano-dollars. */
async function dayCost(sub: string): Promise<number> {
  const { Item } = await dynamo.client.send(
    new GetCommand({
      TableName: dynamo.tableNames.usage,
      Key: counterKey({ sub }, 'day', new Date()),
    }),
  );
  return Number(Item?.['nanoUsd'] ?? 0);
}

/** local.echo's price: 0.001 USD per 1k input tokens, 0.002 per 1k output tokens. */
const echoCost = (usage: { inputTokens: number; outputTokens: number }) =>
  usage.inputTokens * 1000 + usage.outputTokens * 2000;

describe('the cost of an answer', () => {
  it('POST /ml/bedrock answers with what the ledger charged', async () => {
    const caller = callerNamed('cost-buffered');
    const { status, body } = await call(harness.processor, ask('/ml/bedrock', caller));
    expect(status).toBe(200);
    const usage = body.data!['usage'] as { inputTokens: number; outputTokens: number };
    expect(body.data!['costNanoUsd']).toBe(echoCost(usage));
    expect(await dayCost(caller.sub)).toBe(body.data!['costNanoUsd']);
  });

  it("the stream's done event carries what the ledger charged, charged once", async () => {
    const caller = callerNamed('cost-stream');
    const { status, lines } = await callStream(
      harness.processor,
      ask('/ml/bedrock/stream', caller),
    );
    expect(status).toBe(200);
    const done = lines!.at(-1)!;
    expect(done['type']).toBe('done');
    const usage = done['usage'] as { inputTokens: number; outputTokens: number };
    expect(done['costNanoUsd']).toBe(echoCost(usage));
    expect(done['costNanoUsd']).toBeGreaterThan(0);
    // finish() recorded the early settlement instead of settling again.
    expect(await dayCost(caller.sub)).toBe(done['costNanoUsd']);
  });
});
