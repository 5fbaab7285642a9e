import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TransactWriteItems for dynalite, which has no transactions: a small HTTP front that passes
 * every other request through unchanged and runs a transaction as its single writes (in
 * parallel, each returning the item it replaced), one transaction at a time, putting the
 * replaced items back when any condition fails.
 *
 * What it guarantees (enough for the usage ledger, which writes its counters, holds and records
 * only by transactions): transactions are atomic and isolated from each other. Plain writes that
 * race a transaction on the same item are not isolated from it, and a reader may see a
 * transaction half applied; neither happens in the ledger's tests.
 */
export interface TransactionFront {
  /** `http://127.0.0.1:<port>`, the endpoint clients use instead of dynalite's. */
  readonly endpoint: string;
  close(): Promise<void>;
}

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

/** Starts the front on `port` (0: a free one) before the dynalite server at `upstream`. */
export async function startTransactionFront(upstream: string, port = 0): Promise<TransactionFront> {
  const agent = new http.Agent({ keepAlive: true });
  const keySchemas = new Map<string, string[]>();
  let queue: Promise<unknown> = Promise.resolve();

  /** One DynamoDB call to dynalite, signed as the client signed the transaction (dynalite checks only the header's shape). */
  const call = (operation: string, body: unknown, auth: http.IncomingHttpHeaders) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        upstream,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `DynamoDB_20120810.${operation}`,
            authorization: auth.authorization ?? '',
            'x-amz-date': auth['x-amz-date'] ?? '',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: response.statusCode ?? 500, body: text ? JSON.parse(text) : {} });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });

  async function keyOf(action: Action, auth: http.IncomingHttpHeaders): Promise<AttributeMap> {
    if (action.body.Key) return action.body.Key;
    const table = action.body.TableName;
    let names = keySchemas.get(table);
    if (!names) {
      const described = await call('DescribeTable', { TableName: table }, auth);
      const schema = (described.body['Table'] as { KeySchema?: { AttributeName: string }[] })
        ?.KeySchema;
      names = (schema ?? []).map((key) => key.AttributeName);
      keySchemas.set(table, names);
    }
    return Object.fromEntries(names.map((name) => [name, action.body.Item?.[name]]));
  }

  async function transact(request: AttributeMap, auth: http.IncomingHttpHeaders): Promise<Answer> {
    const items = (request['TransactItems'] ?? []) as Record<string, Action['body']>[];
    if (items.length === 0 || items.length > MAX_ACTIONS)
      return validation(`TransactItems must hold 1 to ${MAX_ACTIONS} actions`);
    const actions = items.map((item): Action => {
      const kind = Object.keys(item)[0] as Action['kind'];
      return { kind, body: item[kind]! };
    });
    const keys = await Promise.all(actions.map((action) => keyOf(action, auth)));
    const ids = keys.map((key, i) => `${actions[i]!.body.TableName}/${JSON.stringify(key)}`);
    if (new Set(ids).size !== ids.length)
      return validation('Transaction request cannot include multiple operations on one item');

    // Every write returns the item it replaced (ALL_OLD): what an undo puts back.
    const answers = await Promise.all(
      actions.map((action, i) => call(...singleWrite(action, keys[i]!), auth)),
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
          ? call('PutItem', { TableName: table, Item: old }, auth)
          : call('DeleteItem', { TableName: table, Key: keys[i] }, auth);
      }),
    );
    if (!failed) return { status: 200, body: {} };
    // A failed condition changed nothing: its item, read now, is the item as the action found it.
    const before = await Promise.all(
      actions.map((action, i) =>
        answers[i]!.status !== 200 &&
        action.body['ReturnValuesOnConditionCheckFailure'] === 'ALL_OLD'
          ? call(
              'GetItem',
              { TableName: action.body.TableName, Key: keys[i], ConsistentRead: true },
              auth,
            )
          : undefined,
      ),
    );
    const reasons = answers.map((answer, i) =>
      answer.status === 200
        ? { Code: 'None' }
        : isConditionFailure(answer)
          ? {
              Code: 'ConditionalCheckFailed',
              Message: 'The conditional request failed',
              // The item as it was, when the action asked for it.
              ...(before[i]?.body['Item'] ? { Item: before[i]!.body['Item'] } : {}),
            }
          : { Code: 'ValidationError', Message: String(answer.body['message'] ?? '') },
    );
    const invalid = answers.find((answer) => answer.status !== 200 && !isConditionFailure(answer));
    if (invalid) return invalid;
    return {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      },
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.endsWith('.TransactWriteItems')) return pass(req, res, body);
      // One transaction at a time: the isolation DynamoDB gives transactions on shared items.
      const run = queue.then(() => transact(JSON.parse(body.toString()), req.headers));
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

  function pass(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const request = http.request(
      upstream,
      { method: req.method, path: req.url, headers: req.headers, agent },
      (response) => {
        res.writeHead(response.statusCode ?? 500, response.headers);
        response.pipe(res);
      },
    );
    request.on('error', (error) => res.destroy(error));
    request.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The single write that performs one action of a transaction. */
function singleWrite(action: Action, key: AttributeMap): [string, AttributeMap] {
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
