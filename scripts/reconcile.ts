/**
 * `npm run reconcile`: recomputes every usage counter from the usage records and open holds and
 * lists each difference (docs/usage.md, "Reconciliation").
 *
 *   npm run reconcile -- --table <usage table name> [--since yyyy-mm-dd]   # AWS, with the machine's credentials
 *   npm run reconcile -- --local [--since yyyy-mm-dd]                      # the running `npm start`
 *   npm run reconcile -- --endpoint http://127.0.0.1:<port> [--table <name>]
 *
 * Exits 0 when every counter matches, 1 when any differs, 2 on a usage error.
 */
import { parseArgs } from 'node:util';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { reconcileTable } from '../amplify/functions/shared/usage-ledger-reconcile.ts';
import { stateDirFromEnv } from '../local/config.ts';
import { readRunningStack } from '../local/stack-record.ts';
import { LOCAL_TABLE_NAMES } from '../local/usage/dynamo.ts';
import { formatReconciliation } from './reconcile/format.ts';

const USAGE =
  'Usage: npm run reconcile -- (--table <name> | --local | --endpoint <url> [--table <name>]) [--since yyyy-mm-dd]';

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { table?: string; local?: boolean; endpoint?: string; since?: string };
try {
  ({ values } = parseArgs({
    options: {
      table: { type: 'string' },
      local: { type: 'boolean' },
      endpoint: { type: 'string' },
      since: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since))
  usage('--since must be a day as yyyy-mm-dd.');

let endpoint = values.endpoint;
if (values.local) {
  endpoint = readRunningStack(stateDirFromEnv())?.dynamoEndpoint;
  if (!endpoint) usage('No running local stack (start it with npm start).');
}
const tableName = values.table ?? (endpoint ? LOCAL_TABLE_NAMES.usage : undefined);
if (!tableName) usage('Name the table (--table) or the local stack (--local).');

// dynalite checks no credentials; AWS uses the machine's default chain.
const local = endpoint
  ? {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }
  : {};
const raw = new DynamoDBClient(local);
try {
  const report = await reconcileTable(DynamoDBDocumentClient.from(raw), tableName, values.since);
  console.log(formatReconciliation(report, tableName));
  process.exitCode = report.differences.length > 0 ? 1 : 0;
} finally {
  raw.destroy();
}
