/**
 * The audit of API key operations, through the usage API's router over the local servers:
 * creating, revoking one's own and revoking anyone's key each write exactly one
 * `key-operation` record (refused calls too) naming the key's id, never its secret or HMAC,
 * and the day's chains still verify.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';

import { useAuditHarness } from '../../../tests/support/audit-harness.ts';
import { callUsageApi } from '../../../tests/support/usage-api-calls.ts';
import { API_KEY_ENV } from '../../api-keys/api-key-table-definition.ts';
import { dayOf } from '../../audit/chain.ts';
import type { AuditMetadata } from '../../audit/record.ts';
import { verifyChains } from '../../audit/verify.ts';
import { CATALOG } from '../../catalog.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';

const admin: Caller = {
  sub: 'sub-key-admin',
  username: 'key.admin',
  email: '',
  groups: ['Administrators'],
  claims: {},
};
const user: Caller = {
  sub: 'sub-key-user',
  username: 'key.user',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};
const model = CATALOG.find((entry) => entry.groups.includes('MLUsers'))!.id;
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });

const audit = useAuditHarness();
let deps: UsageApiDependencies;
const today = dayOf(new Date().toISOString());

beforeAll(() => {
  deps = createDependencies({
    logger,
    env: {
      ...audit.env,
      ALLOWED_ORIGINS: 'http://localhost:4200',
      [API_KEY_ENV.table]: audit.dynamo.tableNames.apiKeys,
      [API_KEY_ENV.localSecret]: 'key operations audit test secret, 32 bytes at least',
    },
    client: audit.dynamo.client,
  });
});

let requests = 0;
async function call(
  caller: Caller,
  method: string,
  resource: string,
  pathParameters: Record<string, string> | null = null,
  body?: unknown,
) {
  return callUsageApi(deps, {
    caller,
    method,
    resource,
    ...(pathParameters ? { pathParameters } : {}),
    body,
    requestId: `req-key-${++requests}`,
  });
}

/** The day's key-operation records of one request. */
async function recordsOf(requestId: string): Promise<AuditMetadata[]> {
  const { records } = await audit.reader.records(today, 1000, { kind: 'key-operation' });
  return records.filter((record) => record.requestId === requestId);
}

describe('key operations are audited', () => {
  it('records a key’s creation once: who, the key id, 201, and neither its secret nor its HMAC', async () => {
    const created = await call(user, 'POST', '/keys', undefined, { name: 'ci', models: [model] });
    expect(created.status).toBe(201);
    const { keyId, secret } = created.body.data as { keyId: string; secret: string };
    const records = await recordsOf(created.requestId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'key-operation',
      sub: user.sub,
      username: user.username,
      group: 'MLUsers',
      action: 'POST /keys',
      outcome: 'ok',
      status: 201,
      changes: [{ item: `key ${keyId}`, after: 'created' }],
    });
    const { Item } = await audit.dynamo.client.send(
      new GetCommand({ TableName: audit.dynamo.tableNames.apiKeys, Key: { keyId } }),
    );
    const stored = JSON.stringify(records[0]) + JSON.stringify(await audit.reader.links(today));
    expect(stored).not.toContain(secret.slice(21));
    expect(stored).not.toContain(Item!['secretHmac'] as string);
  });

  it('records a revocation of one’s own key and of anyone’s, each once with the key id', async () => {
    const first = await call(user, 'POST', '/keys', undefined, { name: 'one', models: [model] });
    const second = await call(user, 'POST', '/keys', undefined, { name: 'two', models: [model] });
    const ownKey = first.body.data.keyId as string;
    const otherKey = second.body.data.keyId as string;
    const own = await call(user, 'DELETE', '/keys/{keyId}', { keyId: ownKey });
    const any = await call(admin, 'DELETE', '/admin/keys/{keyId}', { keyId: otherKey });
    expect([own.status, any.status]).toEqual([200, 200]);
    expect(await recordsOf(own.requestId)).toMatchObject([
      {
        username: user.username,
        action: 'DELETE /keys/{keyId}',
        outcome: 'ok',
        status: 200,
        changes: [{ item: `key ${ownKey}`, after: 'revoked' }],
      },
    ]);
    expect(await recordsOf(any.requestId)).toMatchObject([
      {
        username: admin.username,
        group: 'Administrators',
        action: 'DELETE /admin/keys/{keyId}',
        status: 200,
        changes: [{ item: `key ${otherKey}`, after: 'revoked' }],
      },
    ]);
  });

  it('records refused operations too, with the key they aimed at, and the chains verify', async () => {
    const created = await call(user, 'POST', '/keys', undefined, { name: 'kept', models: [model] });
    const keyId = created.body.data.keyId as string;
    const refused = [
      await call(admin, 'DELETE', '/keys/{keyId}', { keyId }),
      await call(admin, 'DELETE', '/admin/keys/{keyId}', { keyId: 'aaaaaaaaaaaaaaaa' }),
      await call(user, 'POST', '/keys', undefined, { name: '', models: [model] }),
    ];
    expect(refused.map(({ status }) => status)).toEqual([404, 404, 400]);
    const [notOwned, missing, invalid] = await Promise.all(
      refused.map(({ requestId }) => recordsOf(requestId)),
    );
    expect(notOwned).toMatchObject([
      { outcome: 'client_error', status: 404, changes: [{ item: `key ${keyId}` }] },
    ]);
    expect(missing).toMatchObject([
      { status: 404, errorCode: 'API_KEY_NOT_FOUND', changes: [{ item: 'key aaaaaaaaaaaaaaaa' }] },
    ]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ status: 400, outcome: 'client_error' });
    expect(invalid[0]).not.toHaveProperty('changes');
    const report = verifyChains(await audit.reader.links(today), await audit.reader.heads(today));
    expect(report.problems).toEqual([]);
  });

  it('writes no key-operation record for listing keys', async () => {
    const listed = await call(user, 'GET', '/keys');
    expect(listed.status).toBe(200);
    expect(await recordsOf(listed.requestId)).toEqual([]);
  });
});
