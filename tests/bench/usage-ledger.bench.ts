/**
 * Usage ledger overhead (`npm run bench -- usage-ledger`), in one run on this machine:
 *
 * - Processor: p50/p99 of `POST /ml/bedrock` (local echo model) with the ledger (budget hold +
 *   settle + usage record on dynalite) against the same processor without a ledger.
 * - Ledger alone: p50/p99 of `reserve` + `settle` against one bare DynamoDB `UpdateItem` round
 *   trip to the same local server (the reference unit of cost).
 *
 * The ledger makes two round trips, one `TransactWriteItems` before the call and one after.
 * dynalite has no transactions: local/usage/transactions.ts runs each inside dynalite's process,
 * in one round trip, as its single writes. dynalite parses every expression with a parser
 * written in JavaScript on the same two cores as the client, so the size of a write counts
 * here far more than on DynamoDB: the fourth row prices ONE `UpdateItem` shaped like one of the
 * ledger's counter holds (four counters added, the retention clock set, two limits checked)
 * against the bare one, the floor any one-item design would pay per write. The third row prints
 * the round trips each side makes, the figure that carries over to DynamoDB.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import { createProcessor } from '../../amplify/functions/ml-processor/processor.ts';
import { type Caller, encodeCaller } from '../../amplify/functions/shared/authorizer-context.ts';
import { UsageLedger } from '../../amplify/functions/shared/usage-ledger.ts';
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';
import { startLocalModels } from '../../local/models/index.ts';
import { startLocalDynamo } from '../../local/usage/dynamo.ts';
import { ALL_ROUTES } from '../support/all-routes.ts';
import { ms, percentile } from './support/latency.ts';

/** The `exp` of the fixtures' tokens: an hour from the start of the run. */
const TOKEN_EXP = Math.floor(Date.now() / 1000) + 3600;

const ITERATIONS = 500;
const WARMUP = 50;

installAwsLambdaGlobal();
const [models, dynamo] = await Promise.all([startLocalModels(), startLocalDynamo()]);
const config = loadConfig({ ...models.env, UPSTREAM_MAX_ATTEMPTS: '1' });
const budgets = {
  groups: { MLUsers: { tokensPerDay: 1e12, tokensPerMonth: 1e12, usdPerDay: 1e9 } },
  users: {},
  fallback: { tokensPerDay: 0, tokensPerMonth: 0 },
};
const ledger = new UsageLedger({
  client: dynamo.client,
  tableName: dynamo.tableNames.usage,
  budgets,
});
const withLedger = createProcessor({
  config,
  routes: ALL_ROUTES,
  clients: createClients(config),
  ledger,
});
const withoutLedger = createProcessor({
  config,
  routes: ALL_ROUTES,
  clients: createClients(config),
});
const caller: Caller = {
  sub: 'bench',
  username: 'bench',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};

let sequence = 0;
const event = (): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    resource: '/ml/bedrock',
    path: '/ml/bedrock',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId: 'local.echo', prompt: 'how many tokens did the team use' }),
    isBase64Encoded: false,
    pathParameters: null,
    queryStringParameters: null,
    requestContext: {
      requestId: `b${sequence++}`,
      authorizer: { ...encodeCaller(caller, TOKEN_EXP) },
    },
  }) as unknown as APIGatewayProxyEvent;

// The processor logs as in Lambda; printing it is not what is measured.
const stdoutWrite = process.stdout.write;
const quiet = () => (process.stdout.write = (() => true) as typeof process.stdout.write);
const loud = () => (process.stdout.write = stdoutWrite);

async function sample(run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

const call = (processor: typeof withLedger) => async () => {
  const result = await processor.handle(event());
  if (result.statusCode !== 200) throw new Error(`processor answered ${result.statusCode}`);
};

quiet();
// Interleaved halves so drift on the shared machine hits both sides alike.
const processorWith: number[] = [];
const processorWithout: number[] = [];
for (let half = 0; half < 2; half++) {
  processorWithout.push(...(await sample(call(withoutLedger))));
  processorWith.push(...(await sample(call(withLedger))));
}
// Round trips to the store, counted on the client both sides share.
let roundTrips = 0;
dynamo.client.middlewareStack.add(
  (next) => async (args) => {
    roundTrips++;
    return next(args);
  },
  { step: 'initialize', name: 'countRoundTrips' },
);
const countTrips = async (run: () => Promise<void>) => {
  const before = roundTrips;
  await run();
  return roundTrips - before;
};
const ledgerCall = async () => {
  const reservation = await ledger.reserve(caller, 'local.echo', {
    inputTokens: 80,
    outputTokens: 20,
  });
  await ledger.settle(reservation, {
    requestId: `l${sequence++}`,
    charged: { inputTokens: 10, outputTokens: 20 },
    latencyMs: 1,
    status: 'ok',
  });
};
const ledgerOnly = await sample(ledgerCall);
const bareUpdate = async () => {
  await dynamo.client.send(
    new UpdateCommand({
      TableName: dynamo.tableNames.usage,
      Key: { pk: 'USER#reference', sk: 'DAY#reference' },
      UpdateExpression: 'ADD tokens :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
};
const oneUpdate = await sample(bareUpdate);
const counterSizedUpdate = async () => {
  await dynamo.client.send(
    new UpdateCommand({
      TableName: dynamo.tableNames.usage,
      Key: { pk: 'USER#reference', sk: 'MONTH#reference' },
      UpdateExpression:
        'ADD #tokens :tokens, #nanoUsd :nanoUsd, #requests :requests, #unpriced :unpriced SET #ttl = if_not_exists(#ttl, :expiresAt)',
      ConditionExpression:
        '(attribute_not_exists(#tokens) OR #tokens <= :roomTokens) AND (attribute_not_exists(#nanoUsd) OR #nanoUsd <= :roomUsd)',
      ExpressionAttributeNames: {
        '#tokens': 'tokens',
        '#nanoUsd': 'nanoUsd',
        '#requests': 'requests',
        '#unpriced': 'unpricedRequests',
        '#ttl': 'ttl',
      },
      ExpressionAttributeValues: {
        ':tokens': 100,
        ':nanoUsd': 1_000,
        ':requests': 1,
        ':unpriced': 0,
        ':expiresAt': TOKEN_EXP,
        ':roomTokens': 1e12,
        ':roomUsd': 1e15,
      },
    }),
  );
};
const counterSized = await sample(counterSizedUpdate);
const ledgerTrips = await countTrips(ledgerCall);
const updateTrips = await countTrips(bareUpdate);
loud();

const row = (label: string, project: number[], reference: number[], referenceLabel: string) => {
  for (const p of [50, 99]) {
    const a = percentile(project, p);
    const b = percentile(reference, p);
    console.log(
      `${label} p${p}: ${ms(a)}  | ${referenceLabel}: ${ms(b)}  | ratio ${(a / b).toFixed(2)}`,
    );
  }
};
console.log(`iterations: ${ITERATIONS * 2} processor calls per side, ${ITERATIONS} ledger calls`);
row('processor with ledger', processorWith, processorWithout, 'without ledger');
row('ledger reserve+settle', ledgerOnly, oneUpdate, 'one UpdateItem');
row('one counter-sized UpdateItem', counterSized, oneUpdate, 'one UpdateItem');
console.log(
  `round trips: ledger reserve+settle ${ledgerTrips} | one UpdateItem ${updateTrips} | ratio ${(ledgerTrips / updateTrips).toFixed(2)}`,
);

await Promise.all([models.close(), dynamo.stop()]);
