/**
 * The audit trail in local mode, end to end over HTTP: the API emulator runs the real processor
 * and usage API with the audit on dynalite, the local S3 and the local KMS; an administrator
 * lists a user's model calls (and the listing itself) without their content, and the chains
 * verify; the SCIM endpoint's changes are audited too.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';

import { AuditStoreReader } from '../amplify/audit/store-reader.ts';
import { verifyChains } from '../amplify/audit/verify.ts';
import type { AuditEntry } from '../amplify/contract/audit.ts';
import { useHeadlessStack } from '../tests/support/local-stack.ts';
import { LOCAL_AUDIT_BUCKET } from './kms/audit-environment.ts';

const headless = useHeadlessStack();

const call = (path: string, token: string, body?: unknown) =>
  fetch(new URL(path, headless.stack.apiUrl), {
    method: body ? 'POST' : 'GET',
    headers: {
      origin: headless.stack.appUrl,
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('audit in local mode', () => {
  it('records each model call and admin listing, lists no content, and the chains verify', async () => {
    const user = headless.stack.users.find((candidate) => candidate.group === 'MLUsers')!;
    const admin = headless.stack.users.find((candidate) => candidate.group === 'Administrators')!;
    const userToken = await headless.stack.signIn(user.username);
    const adminToken = await headless.stack.signIn(admin.username);
    // The authorizer loads the JWKS at init; on a busy machine that may back off a moment.
    await vi.waitFor(async () => expect((await call('ml/models', userToken)).status).toBe(200), {
      timeout: 20_000,
      interval: 500,
    });
    const secret = 'local audit secret words';
    const ids: string[] = [];
    for (const prompt of [secret, `${secret} [[fault:throttle]]`]) {
      const answer = await call('ml/bedrock', userToken, { modelId: 'local.echo', prompt });
      ids.push(((await answer.json()) as { requestId: string }).requestId);
    }
    const day = new Date().toISOString().slice(0, 10);
    const listing = await call(`audit/records?day=${day}`, adminToken);
    const text = await listing.text();
    expect(listing.status, text).toBe(200);
    expect(text).not.toContain(secret);
    const records = (JSON.parse(text) as { data: { records: AuditEntry[] } }).data.records;
    for (const id of ids)
      expect(records.find((record) => record.requestId === id)).toMatchObject({
        username: user.username,
        model: 'local.echo',
        contentCaptured: 'sha256',
      });
    expect((await call(`audit/records?day=${day}`, userToken)).status).toBe(403);

    const env = headless.stack.handlerEnvironment;
    const local = { region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } };
    const dynamo = new DynamoDBClient({ ...local, endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'] });
    const s3 = new S3Client({ ...local, endpoint: env['AUDIT_S3_ENDPOINT'], forcePathStyle: true });
    try {
      const reader = new AuditStoreReader({
        dynamo: DynamoDBDocumentClient.from(dynamo),
        tableName: env['AUDIT_TABLE_NAME']!,
        s3,
        bucketName: LOCAL_AUDIT_BUCKET,
      });
      const report = verifyChains(await reader.links(day), await reader.heads(day));
      expect(report.problems).toEqual([]);
      // The model list, the two calls and the administrator's listing (the gateway refuses the
      // ML user's listing before any function runs).
      expect(report.links).toBeGreaterThanOrEqual(4);
    } finally {
      dynamo.destroy();
      s3.destroy();
    }
  });

  it('records a SCIM change made through the local SCIM endpoint, by id and userName only', async () => {
    const created = await fetch(`${headless.stack.scim.url}/Users`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${headless.stack.scim.secret}`,
        'content-type': 'application/scim+json',
      },
      body: JSON.stringify({ userName: 'lena@contoso.example', displayName: 'Lena Private' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const requestId = created.headers.get('x-request-id');
    const admin = headless.stack.users.find((candidate) => candidate.group === 'Administrators')!;
    const day = new Date().toISOString().slice(0, 10);
    const listing = await call(
      `audit/records?day=${day}&kind=scim-change`,
      await headless.stack.signIn(admin.username),
    );
    const text = await listing.text();
    expect(listing.status, text).toBe(200);
    expect(text).not.toContain('Lena Private');
    const records = (JSON.parse(text) as { data: { records: AuditEntry[] } }).data.records;
    expect(records.filter((record) => record.requestId === requestId)).toMatchObject([
      {
        kind: 'scim-change',
        action: 'POST /Users',
        status: 201,
        changes: [{ item: `User ${id}`, after: 'lena@contoso.example' }],
      },
    ]);
  });
});
