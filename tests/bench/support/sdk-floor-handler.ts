/**
 * The SDK floor of `npm run bench -- processor`: what the cold first Converse call costs with the
 * AWS SDK clients alone, bundled as the functions are. The same three calls as the processor's
 * (a hold and a settlement, each one DynamoDB transaction, around one Converse), with no router,
 * validation, catalog, guardrails, logging or metrics, so the benchmark can show how much of the
 * processor's cold call is the SDK's and how much the gateway's own.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { TABLE_ENV } from '../../../amplify/usage/table-definitions.ts';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
// HTTP/1.1 as the processor's clients (client-options.ts): the local server speaks no HTTP/2.
const bedrock = new BedrockRuntimeClient({
  endpoint: process.env['BEDROCK_ENDPOINT'],
  requestHandler: new NodeHttpHandler(),
});

/** One transaction of two writes, as the ledger's hold and settlement are. */
function transact(tableName: string, hold: { pk: string; sk: string }, settle: boolean) {
  const counter = {
    Update: {
      TableName: tableName,
      Key: { pk: 'SDK-FLOOR', sk: 'COUNTER' },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'calls' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
  const item = settle
    ? { Delete: { TableName: tableName, Key: hold } }
    : { Put: { TableName: tableName, Item: hold } };
  return dynamo.send(new TransactWriteCommand({ TransactItems: [item, counter] }));
}

export async function handler(): Promise<{ statusCode: number }> {
  const tableName = process.env[TABLE_ENV.usage]!;
  const hold = { pk: 'SDK-FLOOR', sk: `HOLD#${crypto.randomUUID()}` };
  await transact(tableName, hold, false);
  const answer = await bedrock.send(
    new ConverseCommand({
      modelId: process.env['BENCH_MODEL_ID'],
      messages: [{ role: 'user', content: [{ text: 'summarize the quarterly numbers' }] }],
    }),
  );
  await transact(tableName, hold, true);
  return { statusCode: answer.output ? 200 : 502 };
}
