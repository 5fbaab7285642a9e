import type http from 'node:http';
import { createRequire } from 'node:module';

import dynalite, { type DynaliteOptions } from 'dynalite';

/**
 * TransactWriteItems for dynalite, which has no transactions. The dynalite server answers
 * every other request itself; a transaction is run inside its process, on its own store, in
 * one round trip as DynamoDB runs it: each action is one of dynalite's own single writes
 * (validated and applied by dynalite's code, returning the item it replaced), one transaction
 * at a time, putting the replaced items back when any condition fails.
 *
 * What it guarantees (enough for the usage ledger, which writes its counters, holds and records
 * only by transactions): transactions are atomic and isolated from each other. Plain writes that
 * race a transaction on the same item are not isolated from it, and a reader may see a
 * transaction half applied; neither happens in the ledger's tests.
 */

// DynamoDB API Reference, TransactWriteItems (docs.aws.amazon.com/amazondynamodb/latest/
// APIReference/API_TransactWriteItems.html): up to 100 actions, no two on the same item.
const MAX_ACTIONS = 100;

type AttributeMap = Record<string, unknown>;
interface Action {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly body: AttributeMap & { TableName: string; Key?: AttributeMap; Item?: AttributeMap };
}
interface Answer {
  readonly status: number;
  readonly body: AttributeMap;
}
type Operation = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'GetItem';

/** The parts of dynalite's (untyped, CommonJS) internals this module drives. */
interface Store {
  getTable(name: string, done: (error: unknown, table?: { KeySchema: KeyElement[] }) => void): void;
}
interface KeyElement {
  readonly AttributeName: string;
}
interface Rules {
  readonly types: unknown;
  readonly custom?: unknown;
}
interface Validations {
  checkTypes(data: unknown, types: unknown): AttributeMap;
  checkValidations(data: unknown, types: unknown, custom: unknown, store: Store): void;
}
type Perform = (
  store: Store,
  data: AttributeMap,
  done: (error: { statusCode?: number; body?: AttributeMap } | null, out?: AttributeMap) => void,
) => void;

const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as { create(options: unknown): Store };
const validations = require('dynalite/validations') as Validations;
const OPERATIONS = {
  PutItem: 'putItem',
  UpdateItem: 'updateItem',
  DeleteItem: 'deleteItem',
  GetItem: 'getItem',
} as const;
const perform = Object.fromEntries(
  Object.entries(OPERATIONS).map(([operation, name]) => [
    operation,
    {
      rules: require(`dynalite/validations/${name}`) as Rules,
      run: require(`dynalite/actions/${name}`) as Perform,
    },
  ]),
) as Record<Operation, { rules: Rules; run: Perform }>;

/**
 * A dynalite server that also answers TransactWriteItems. Close it as a dynalite server.
 */
export function createTransactionalDynalite(options: DynaliteOptions): http.Server {
  const { server, store } = dynaliteWithStore(options);
  const answerDynalite = server.listeners('request')[0] as http.RequestListener;
  server.removeAllListeners('request');
  let queue: Promise<unknown> = Promise.resolve();

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems'))
      return answerDynalite(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // One transaction at a time: the isolation DynamoDB gives transactions on shared items.
      const run = queue.then(() =>
        transact(store, JSON.parse(Buffer.concat(chunks).toString()) as AttributeMap),
      );
      queue = run.catch(() => undefined);
      run.then(
        (answer) => send(res, answer),
        (error: unknown) =>
          send(res, {
            status: 500,
            body: { __type: 'InternalServerError', message: (error as Error).message },
          }),
      );
    });
  });
  return server;
}

/** dynalite keeps its store to itself: take it as dynalite creates it. */
function dynaliteWithStore(options: DynaliteOptions): { server: http.Server; store: Store } {
  const create = dynaliteDb.create;
  let store: Store | undefined;
  dynaliteDb.create = (storeOptions) => (store = create(storeOptions));
  try {
    const server = dynalite(options);
    if (!store) throw new Error('dynalite did not create its store');
    return { server, store };
  } finally {
    dynaliteDb.create = create;
  }
}

/** One of dynalite's operations, in process: its validation, then its action. */
function operate(store: Store, operation: Operation, request: AttributeMap): Promise<Answer> {
  const { rules, run } = perform[operation];
  let data: AttributeMap;
  try {
    data = validations.checkTypes(request, rules.types);
    validations.checkValidations(data, rules.types, rules.custom, store);
  } catch (error) {
    const refused = error as { statusCode?: number; body?: AttributeMap };
    if (refused.statusCode)
      return Promise.resolve({ status: refused.statusCode, body: refused.body ?? {} });
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) =>
    run(store, data, (error, out) => {
      if (!error) return resolve({ status: 200, body: out ?? {} });
      if (error.statusCode) return resolve({ status: error.statusCode, body: error.body ?? {} });
      reject(error as Error);
    }),
  );
}

async function keyOf(store: Store, action: Action): Promise<AttributeMap> {
  if (action.body.Key) return action.body.Key;
  const table = await new Promise<{ KeySchema: KeyElement[] } | undefined>((resolve, reject) =>
    store.getTable(action.body.TableName, (error, found) =>
      error ? reject(error) : resolve(found),
    ),
  );
  const names = (table?.KeySchema ?? []).map((key) => key.AttributeName);
  return Object.fromEntries(names.map((name) => [name, action.body.Item?.[name]]));
}

async function transact(store: Store, request: AttributeMap): Promise<Answer> {
  const items = (request['TransactItems'] ?? []) as Record<string, Action['body']>[];
  if (items.length === 0 || items.length > MAX_ACTIONS)
    return validation(`TransactItems must hold 1 to ${MAX_ACTIONS} actions`);
  const actions = items.map((item): Action => {
    const kind = Object.keys(item)[0] as Action['kind'];
    return { kind, body: item[kind]! };
  });
  const keys = await Promise.all(actions.map((action) => keyOf(store, action)));
  const ids = keys.map((key, i) => `${actions[i]!.body.TableName}/${JSON.stringify(key)}`);
  if (new Set(ids).size !== ids.length)
    return validation('Transaction request cannot include multiple operations on one item');

  // Every write returns the item it replaced (ALL_OLD): what an undo puts back.
  const answers = await Promise.all(
    actions.map((action, i) => operate(store, ...singleWrite(action, keys[i]!))),
  );
  const failed = answers.some((answer) => answer.status !== 200);
  // Undo every applied write when one failed; a condition check never leaves a change.
  await Promise.all(
    actions.map((action, i) => {
      if (answers[i]!.status !== 200 || (!failed && action.kind !== 'ConditionCheck'))
        return undefined;
      const old = answers[i]!.body['Attributes'];
      const table = action.body.TableName;
      return old
        ? operate(store, 'PutItem', { TableName: table, Item: old })
        : operate(store, 'DeleteItem', { TableName: table, Key: keys[i] });
    }),
  );
  if (!failed) return { status: 200, body: {} };
  // A failed condition changed nothing: its item, read now, is the item as the action found it.
  const before = await Promise.all(
    actions.map((action, i) =>
      answers[i]!.status !== 200 && action.body['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD'
        ? operate(store, 'GetItem', { TableName: action.body.TableName, Key: keys[i] })
        : undefined,
    ),
  );
  const invalid = answers.find((answer) => answer.status !== 200 && !isConditionFailure(answer));
  if (invalid) return invalid;
  const reasons = answers.map((answer, i) =>
    answer.status === 200
      ? { Code: 'None' }
      : {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          // The item as it was, when the action asked for it.
          ...(before[i]?.body['Item'] ? { Item: before[i]!.body['Item'] } : {}),
        },
  );
  return {
    status: 400,
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      CancellationReasons: reasons,
    },
  };
}

/** The single write that performs one action of a transaction. */
function singleWrite(action: Action, key: AttributeMap): [Operation, AttributeMap] {
  const { Item, Key, ReturnValuesOnConditionCheckFailure, ...rest } = action.body;
  void ReturnValuesOnConditionCheckFailure;
  switch (action.kind) {
    case 'Put':
      return ['PutItem', { ...rest, Item, ReturnValues: 'ALL_OLD' }];
    case 'Update':
      return ['UpdateItem', { ...rest, Key, ReturnValues: 'ALL_OLD' }];
    case 'Delete':
      return ['DeleteItem', { ...rest, Key, ReturnValues: 'ALL_OLD' }];
    default:
      // A condition check writes nothing: an update with the condition and no change, undone after.
      return ['UpdateItem', { ...rest, Key: key, ReturnValues: 'ALL_OLD' }];
  }
}

function isConditionFailure(answer: Answer): boolean {
  return String(answer.body['__type'] ?? '').endsWith('ConditionalCheckFailedException');
}

function validation(message: string): Answer {
  return {
    status: 400,
    body: { __type: 'com.amazon.coral.validate#ValidationException', message },
  };
}

function send(res: http.ServerResponse, answer: Answer): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
