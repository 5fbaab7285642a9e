/**
 * `npm run audit:verify`: checks the audit chains of some days (docs/audit.md, "Verifying"):
 * every record object unchanged, none removed, none reordered, each chain ending at its head.
 *
 *   npm run audit:verify -- --bucket <audit bucket> --table <audit table> [--from yyyy-mm-dd] [--to yyyy-mm-dd]
 *   npm run audit:verify -- --local [--from ...] [--to ...]          # the running `npm start`
 *   npm run audit:verify -- --bucket <name> --table <name> --s3-endpoint <url> --dynamodb-endpoint <url>
 *
 * AWS needs s3:ListBucket and s3:GetObject on the bucket, kms:Decrypt on its key (SSE-KMS) and
 * dynamodb:Query on the table. Days default to yesterday and today (UTC). Prints counts and each
 * problem (chain, place, kind: never a record's content). Exits 0 when every chain verifies,
 * 1 when any problem is found, 2 on a usage error.
 */
import { parseArgs } from 'node:util';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { AuditStoreReader } from '../amplify/audit/store-reader.ts';
import { type ChainProblem, verifyChains } from '../amplify/audit/verify.ts';
import { stateDirFromEnv } from '../local/config.ts';
import { LOCAL_AUDIT_BUCKET } from '../local/kms/audit-environment.ts';
import { readRunningStack } from '../local/stack-record.ts';
import { LOCAL_TABLE_NAMES } from '../local/usage/dynamo.ts';

const USAGE =
  'Usage: npm run audit:verify -- (--bucket <name> --table <name> | --local) [--from yyyy-mm-dd] [--to yyyy-mm-dd]';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: {
  bucket?: string;
  table?: string;
  local?: boolean;
  from?: string;
  to?: string;
  's3-endpoint'?: string;
  'dynamodb-endpoint'?: string;
};
try {
  ({ values } = parseArgs({
    options: {
      bucket: { type: 'string' },
      table: { type: 'string' },
      local: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      's3-endpoint': { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
for (const day of [values.from, values.to])
  if (day !== undefined && !DAY.test(day)) usage('--from and --to are days, yyyy-mm-dd.');

const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const from = values.from ?? yesterday;
const to = values.to ?? today;
if (from > to) usage('--from is after --to.');

let local: { dynamo: string; s3: string } | undefined;
if (values.local) {
  const record = readRunningStack(stateDirFromEnv());
  if (!record?.dynamoEndpoint || !record.auditS3Endpoint)
    usage('No running local stack with an audit trail (start it with npm start).');
  local = { dynamo: record.dynamoEndpoint, s3: record.auditS3Endpoint };
} else if (values['s3-endpoint'] || values['dynamodb-endpoint']) {
  if (!values['s3-endpoint'] || !values['dynamodb-endpoint'])
    usage('--s3-endpoint and --dynamodb-endpoint go together.');
  local = { dynamo: values['dynamodb-endpoint'], s3: values['s3-endpoint'] };
}
const bucketName = values.bucket ?? (values.local ? LOCAL_AUDIT_BUCKET : undefined);
const tableName = values.table ?? (values.local ? LOCAL_TABLE_NAMES.audit : undefined);
if (!bucketName || !tableName) usage('Name the bucket and table (--bucket, --table) or --local.');

// The local servers check no credentials; AWS uses the machine's default chain.
const localClient = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const dynamoClient = new DynamoDBClient(local ? { ...localClient, endpoint: local.dynamo } : {});
const s3 = new S3Client(local ? { ...localClient, endpoint: local.s3, forcePathStyle: true } : {});
const reader = new AuditStoreReader({
  dynamo: DynamoDBDocumentClient.from(dynamoClient),
  tableName,
  s3,
  bucketName,
});

const describeProblem = (problem: ChainProblem) =>
  `  ${problem.kind}: ${problem.chain ?? problem.key}${problem.seq !== undefined ? ` #${problem.seq}` : ''}`;

let problems = 0;
try {
  for (let day = from; day <= to; day = nextDay(day)) {
    const report = verifyChains(await reader.links(day), await reader.heads(day));
    problems += report.problems.length;
    console.log(
      `${day}: ${report.links} records in ${report.chains} chains, ${report.problems.length === 0 ? 'verified' : `${report.problems.length} problems`}`,
    );
    for (const problem of report.problems) console.log(describeProblem(problem));
  }
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  dynamoClient.destroy();
  s3.destroy();
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
