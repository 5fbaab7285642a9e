import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CollectingStream,
  installAwsLambdaGlobal,
  splitPrelude,
} from '../../local/lambda/runtime.ts';
import { type LocalModels, startLocalModels } from '../../local/models/index.ts';
import { LOCAL_PRICING } from '../../local/models/local-prices.ts';
import { type LocalDynamo, startLocalDynamo } from '../../local/usage/dynamo.ts';
import { ALL_ROUTES } from '../../tests/support/all-routes.ts';
import { createClients } from '../functions/ml-processor/clients.ts';
import { loadConfig } from '../functions/ml-processor/config.ts';
import { createProcessor, type Processor } from '../functions/ml-processor/processor.ts';
import { type Caller, encodeCaller } from '../functions/shared/authorizer-context.ts';
import { counterKey, UsageLedger } from '../functions/shared/usage-ledger.ts';
import type { BudgetConfig } from './budgets.ts';

/** The `exp` of the fixtures' tokens: an hour from the start of the run. */
const TOKEN_EXP = Math.floor(Date.now() / 1000) + 3600;

/** The ML processor with the ledger, against the local Bedrock server and dynalite. */
const DAY_BUDGET = 400;
const budgets: BudgetConfig = {
  groups: { MLUsers: { tokensPerDay: DAY_BUDGET, tokensPerMonth: 100_000 } },
  users: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};
const PROMPT = 'count these five words';
const MAX_TOKENS = 40;
/** What one call holds: its prompt characters plus its output limit. */
const ONE_REQUEST = PROMPT.length + MAX_TOKENS;

let models: LocalModels;
let dynamo: LocalDynamo;
let processor: Processor;

beforeAll(async () => {
  installAwsLambdaGlobal();
  [models, dynamo] = await Promise.all([startLocalModels(), startLocalDynamo()]);
  const config = loadConfig(models.env);
  processor = createProcessor({
    config,
    routes: ALL_ROUTES,
    clients: createClients(config),
    ledger: new UsageLedger({
      ...LOCAL_PRICING,
      client: dynamo.client,
      tableName: dynamo.tableNames.usage,
      budgets,
    }),
  });
});
afterAll(async () => {
  await Promise.all([models?.close(), dynamo?.stop()]);
});

const callerNamed = (sub: string): Caller => ({
  sub,
  username: sub,
  email: '',
  groups: ['MLUsers'],
  claims: {},
});

function bedrockEvent(caller: Caller, path = '/ml/bedrock', requestId = 'r'): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    resource: path,
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      modelId: 'local.echo',
      prompt: PROMPT,
      parameters: { maxTokens: MAX_TOKENS },
    }),
    isBase64Encoded: false,
    pathParameters: null,
    queryStringParameters: null,
    requestContext: { requestId, authorizer: { ...encodeCaller(caller, TOKEN_EXP) } },
  } as unknown as APIGatewayProxyEvent;
}

async function dayTokens(sub: string): Promise<number> {
  const { Item } = await dynamo.client.send(
    new GetCommand({
      TableName: dynamo.tableNames.usage,
      Key: counterKey({ sub }, 'day', new Date()),
    }),
  );
  return Number(Item?.['tokens'] ?? 0);
}

describe('budget enforcement in the ML processor', () => {
  it('50 parallel Bedrock calls: over-budget calls get 429, no overspend at all', async () => {
    const caller = callerNamed('parallel-user');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        processor.handle(bedrockEvent(caller, '/ml/bedrock', `p${i}`)),
      ),
    );
    const ok = results.filter((result) => result.statusCode === 200);
    const refused = results.filter((result) => result.statusCode === 429);
    expect(ok.length + refused.length).toBe(50);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const refusal = JSON.parse(refused[0]!.body) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(refusal.error.code).toBe('BUDGET_EXCEEDED');
    expect(refusal.error.details).toMatchObject({
      scope: 'user',
      period: 'day',
      unit: 'tokens',
      limit: DAY_BUDGET,
    });
    expect(new Date(refusal.error.details['resetsAt'] as string).getTime()).toBeGreaterThan(
      Date.now(),
    );
    expect(refusal.error.message).toMatch(/resets at/);
    expect(Number(refused[0]!.headers?.['retry-after'])).toBeGreaterThan(0);

    const used = ok.reduce((sum, result) => {
      const usage = (
        JSON.parse(result.body) as {
          data: { usage: { inputTokens: number; outputTokens: number } };
        }
      ).data.usage;
      return sum + usage.inputTokens + usage.outputTokens;
    }, 0);
    // The counter holds exactly the tokens the model reported for the admitted calls...
    expect(await dayTokens('parallel-user')).toBe(used);
    // ...and never more than the budget: a call is admitted only if its worst case fits.
    expect(used).toBeLessThanOrEqual(DAY_BUDGET);

    const { Items = [] } = await dynamo.client.send(
      new QueryCommand({
        TableName: dynamo.tableNames.usage,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rec)',
        ExpressionAttributeValues: { ':pk': 'USER#parallel-user', ':rec': 'REC#' },
      }),
    );
    expect(Items).toHaveLength(ok.length);
    expect(Items.every((item) => item['modelId'] === 'local.echo' && item['status'] === 'ok')).toBe(
      true,
    );
    // No prompt or answer text is stored.
    expect(JSON.stringify(Items)).not.toContain('count these');
  });

  it('meters streamed calls from the done event and refuses a stream once the budget is spent', async () => {
    const caller = callerNamed('stream-user');
    const out = new CollectingStream();
    await processor.stream(bedrockEvent(caller, '/ml/bedrock/stream', 's1'), out);
    const { prelude, body } = splitPrelude(out.received);
    expect(prelude.statusCode).toBe(200);
    const done = body
      .toString('utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            usage?: { inputTokens: number; outputTokens: number };
          },
      )
      .find((event) => event.type === 'done')!;
    expect(await dayTokens('stream-user')).toBe(done.usage!.inputTokens + done.usage!.outputTokens);

    // Spend the day until a call no longer fits, then a stream is refused before it starts.
    for (let i = 0; i < DAY_BUDGET; i++) {
      const fill = await processor.handle(bedrockEvent(caller, '/ml/bedrock', `fill${i}`));
      if (fill.statusCode === 429) break;
    }
    expect(DAY_BUDGET - (await dayTokens('stream-user'))).toBeLessThan(ONE_REQUEST);
    const refused = new CollectingStream();
    await processor.stream(bedrockEvent(caller, '/ml/bedrock/stream', 's2'), refused);
    const { prelude: refusedPrelude, body: refusedBody } = splitPrelude(refused.received);
    expect(refusedPrelude.statusCode).toBe(429);
    expect(Number(refusedPrelude.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refusedBody.toString('utf8'))).toMatchObject({
      error: { code: 'BUDGET_EXCEEDED', details: { scope: 'user', period: 'day' } },
    });
  });
});
