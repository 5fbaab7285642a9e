import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LocalDynamo, startLocalDynamo } from './dynamo.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const table = () => dynamo.tableNames.usage;
const get = async (pk: string, sk: string) =>
  (await dynamo.client.send(new GetCommand({ TableName: table(), Key: { pk, sk } }))).Item;
const transact = (TransactItems: NonNullable<TransactWriteCommand['input']['TransactItems']>) =>
  dynamo.client.send(new TransactWriteCommand({ TransactItems }));
const add = (pk: string, amount: number, max?: number) => ({
  Update: {
    TableName: table(),
    Key: { pk, sk: 'C' },
    UpdateExpression: 'ADD n :amount',
    ...(max === undefined
      ? { ExpressionAttributeValues: { ':amount': amount } }
      : {
          ConditionExpression: 'attribute_not_exists(n) OR n <= :room',
          ExpressionAttributeValues: { ':amount': amount, ':room': max - amount },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        }),
  },
});

describe('TransactWriteItems on local dynalite', () => {
  it('applies every action, or none when one condition fails, naming that action', async () => {
    await transact([
      add('t-a', 5),
      add('t-b', 5),
      { Put: { TableName: table(), Item: { pk: 't-c', sk: 'C', n: 1 } } },
    ]);
    const error = await transact([
      add('t-a', 1),
      add('t-b', 10, 12),
      { Delete: { TableName: table(), Key: { pk: 't-c', sk: 'C' } } },
      { Put: { TableName: table(), Item: { pk: 't-new', sk: 'C', n: 1 } } },
    ]).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [
        { Code: 'None' },
        {
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: 't-b' }, sk: { S: 'C' }, n: { N: '5' } },
        },
        { Code: 'None' },
        { Code: 'None' },
      ],
    });
    expect(await get('t-a', 'C')).toEqual({ pk: 't-a', sk: 'C', n: 5 });
    expect(await get('t-b', 'C')).toEqual({ pk: 't-b', sk: 'C', n: 5 });
    expect(await get('t-c', 'C')).toEqual({ pk: 't-c', sk: 'C', n: 1 });
    expect(await get('t-new', 'C')).toBeUndefined();
  });

  it('keeps 100 concurrent conditional transactions within the limit', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => transact([add('t-race', 3, 30), add('t-race-2', 3)])),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(await get('t-race', 'C')).toMatchObject({ n: 30 });
    expect(await get('t-race-2', 'C')).toMatchObject({ n: 30 });
  });

  it('a condition check changes nothing, whether it passes or fails', async () => {
    const check = (ConditionExpression: string) => ({
      ConditionCheck: { TableName: table(), Key: { pk: 't-check', sk: 'C' }, ConditionExpression },
    });
    await transact([check('attribute_not_exists(pk)'), add('t-after', 1)]);
    expect(await get('t-check', 'C')).toBeUndefined();
    await expect(
      transact([check('attribute_exists(pk)'), add('t-after', 1)]),
    ).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(await get('t-after', 'C')).toMatchObject({ n: 1 });
  });

  it('refuses two actions on one item and more than 100 actions, as DynamoDB does', async () => {
    await expect(transact([add('t-dup', 1), add('t-dup', 1)])).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      transact(Array.from({ length: 101 }, (_, i) => add(`t-many-${i}`, 1))),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await get('t-dup', 'C')).toBeUndefined();
  });

  it('passes every other operation through to dynalite', async () => {
    await dynamo.client.send(
      new PutCommand({ TableName: table(), Item: { pk: 't-plain', sk: 'C' } }),
    );
    expect(await get('t-plain', 'C')).toEqual({ pk: 't-plain', sk: 'C' });
  });
});
