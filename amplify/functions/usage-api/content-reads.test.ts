/**
 * Reading captured content through the app: only an Administrator, only with a valid reason,
 * and only after the read is in the audit trail and noted for the record's owner, who sees it
 * at `GET /audit/content-reads`. Over the local servers: dynalite, the local S3 and the local
 * KMS over real HTTP, with the SDK clients the usage API uses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  AUDIT_BUCKET,
  modelCallEvent,
  TEST_AUDIT_POLICY,
  useAuditHarness,
} from '../../../tests/support/audit-harness.ts';
import { callUsageApi } from '../../../tests/support/usage-api-calls.ts';
import { dayOf, linkKey } from '../../audit/chain.ts';
import { ContentReads } from '../../audit/content-reads.ts';
import type { AuditLink } from '../../audit/record.ts';
import { recordIdOf, recordSortKey } from '../../audit/table.ts';
import type { AuditTrail } from '../../audit/trail.ts';
import { verifyChains } from '../../audit/verify.ts';
import { CONTENT_READ_REASON } from '../../contract/audit.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import { createDependencies, type UsageApiDependencies } from './dependencies.ts';

const admin: Caller = {
  sub: 'sub-admin',
  username: 'auditor',
  email: '',
  groups: ['Administrators'],
  claims: {},
};
const owner: Caller = {
  sub: 'sub-owner',
  username: 'owner.user',
  email: '',
  groups: ['MLUsers'],
  claims: {},
};
const other: Caller = { ...owner, sub: 'sub-other', username: 'other.user' };
const logger = new Logger({ serviceName: 'usage-api', logLevel: 'ERROR' });
const REASON = 'Ticket SEC-1234: suspected data leak';
const PROMPT = '{"prompt":"the quarterly numbers"}';

const audit = useAuditHarness();
let deps: UsageApiDependencies;
let trail: AuditTrail;
const today = dayOf(new Date().toISOString());

beforeAll(() => {
  deps = createDependencies({
    logger,
    env: { ...audit.env, ALLOWED_ORIGINS: 'http://localhost:4200' },
    client: audit.dynamo.client,
  });
  // MLUsers' content encrypted, as a group whose captures are read.
  trail = audit.trail({
    ...TEST_AUDIT_POLICY,
    groups: { MLUsers: { capture: 'kms' }, ReadOnly: { capture: 'sha256' } },
  }).trail;
});

const idOf = (link: AuditLink) => recordIdOf(recordSortKey(link.record.at, link.chain, link.seq));
/** A model call of `owner` with captured content; its record id. */
async function ownersCall(overrides: Parameters<typeof modelCallEvent>[0] = {}) {
  const link = await trail.append(
    modelCallEvent({ sub: owner.sub, username: owner.username, content: PROMPT, ...overrides }),
  );
  return { link, recordId: idOf(link) };
}

let requests = 0;
async function call(
  caller: Caller,
  method: 'GET' | 'POST',
  resource: string,
  {
    body,
    recordId,
    query,
  }: { body?: unknown; recordId?: string; query?: Record<string, string> } = {},
) {
  return callUsageApi(deps, {
    caller,
    method,
    resource,
    body,
    ...(recordId ? { pathParameters: { recordId } } : {}),
    ...(query ? { query } : {}),
    requestId: `req-read-${++requests}`,
  });
}
const CONTENT = '/audit/records/{recordId}/content';
const readContent = (recordId: string, body: unknown = { reason: REASON }, caller = admin) =>
  call(caller, 'POST', CONTENT, { body, recordId });
const decrypts = () => audit.kms.calls.get('Decrypt') ?? 0;
const adminActions = async () =>
  (await audit.reader.records(today, 1000, { kind: 'admin-action' })).records;

describe('POST /audit/records/{recordId}/content', () => {
  it('opens KMS-captured content for an administrator with a reason, after recording the read', async () => {
    const { link, recordId } = await ownersCall();
    const before = decrypts();
    const read = await readContent(recordId);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ recordId, mode: 'kms', content: PROMPT });
    expect(decrypts()).toBe(before + 1); // the local KMS, over HTTP
    const record = (await adminActions()).find((entry) => entry.requestId === read.requestId);
    expect(record).toMatchObject({
      username: 'auditor',
      action: `POST ${CONTENT}`,
      status: 200,
      reason: REASON,
      readOf: {
        recordId,
        requestId: link.record.requestId,
        sub: owner.sub,
        username: owner.username,
      },
    });
    // The read's record carries no content, and the chains stay intact.
    expect(JSON.stringify(record)).not.toContain('quarterly');
    const report = await audit.reader.links(today);
    expect(verifyChains(report, await audit.reader.heads(today)).problems).toEqual([]);
  });

  it('lists each record with the id a read names', async () => {
    const { recordId } = await ownersCall();
    const listed = await call(admin, 'GET', '/audit/records', { query: { day: today } });
    expect(listed.status).toBe(200);
    expect(listed.body.data.records.map((entry: { recordId: string }) => entry.recordId)).toContain(
      recordId,
    );
  });

  it('answers the hash of a sha256 capture (there is no content to open)', async () => {
    const { link, recordId } = await ownersCall({ groups: ['ReadOnly'] });
    const read = await readContent(recordId);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({
      recordId,
      mode: 'sha256',
      sha256: (link.record.content as { sha256: string }).sha256,
    });
  });

  it.each([
    ['no reason', {}],
    ['a reason too short', { reason: 'because' }],
    ['a reason too long', { reason: 'x'.repeat(CONTENT_READ_REASON.maxChars + 1) }],
    ['blanks only', { reason: ' '.repeat(CONTENT_READ_REASON.minChars + 2) }],
    ['a line break', { reason: 'Ticket SEC-1\nsecond line' }],
    ['a bidi control', { reason: 'Ticket SEC-1 \u202e reversed' }],
    ['another field', { reason: REASON, extra: 1 }],
  ])('refuses %s (400 on reason) and opens nothing', async (_name, body) => {
    const { recordId } = await ownersCall();
    const before = decrypts();
    const read = await readContent(recordId, body);
    expect(read.status).toBe(400);
    expect(read.body.error.code).toBe('BAD_REQUEST');
    expect(decrypts()).toBe(before);
  });

  it('refuses a non-administrator (403), and audits the attempt', async () => {
    const { recordId } = await ownersCall();
    const read = await readContent(recordId, { reason: REASON }, owner);
    expect(read.status).toBe(403);
    expect(
      (await adminActions()).find((entry) => entry.requestId === read.requestId),
    ).toMatchObject({ username: owner.username, status: 403, errorCode: 'FORBIDDEN' });
  });

  it('answers 404 for an unknown or malformed record id, 409 for a record without content', async () => {
    const { link } = await ownersCall();
    const missing = recordIdOf(recordSortKey(link.record.at, link.chain, link.seq + 1000));
    expect((await readContent(missing)).body.error.code).toBe('AUDIT_RECORD_NOT_FOUND');
    expect((await readContent('not-a-record')).body.error.code).toBe('AUDIT_RECORD_NOT_FOUND');
    const none = await ownersCall({ content: undefined });
    const read = await readContent(none.recordId);
    expect(read.status).toBe(409);
    expect(read.body.error.code).toBe('CONTENT_NOT_CAPTURED');
  });

  it('refuses to open a record whose stored link was changed (409), the read still recorded', async () => {
    const { link, recordId } = await ownersCall();
    const key = linkKey(link.chain, link.seq);
    const stored = await audit.s3.send(new GetObjectCommand({ Bucket: AUDIT_BUCKET, Key: key }));
    const changed = (await stored.Body!.transformToString()).replace(
      '"status":200',
      '"status":201',
    );
    await audit.s3.send(new PutObjectCommand({ Bucket: AUDIT_BUCKET, Key: key, Body: changed }));
    const before = decrypts();
    const read = await readContent(recordId);
    expect(read.status).toBe(409);
    expect(read.body.error.code).toBe('AUDIT_RECORD_TAMPERED');
    expect(decrypts()).toBe(before);
    expect((await adminActions()).some((entry) => entry.requestId === read.requestId)).toBe(true);
  });

  it('opens nothing when the read cannot be recorded', async () => {
    const { recordId } = await ownersCall();
    const failing = new ContentReads({
      dynamo: audit.dynamo.client,
      s3: audit.s3,
      kms: audit.kmsClient,
      tableName: audit.dynamo.tableNames.audit,
      bucketName: AUDIT_BUCKET,
      trail: {
        append: async () => {
          throw new Error('audit store unavailable');
        },
      },
    });
    const before = decrypts();
    await expect(
      failing.read({
        recordId,
        reason: REASON,
        reader: admin,
        requestId: 'req-unrecorded',
        action: `POST ${CONTENT}`,
      }),
    ).rejects.toThrow('audit store unavailable');
    expect(decrypts()).toBe(before);
    expect(await failing.notices(owner.sub, 50)).not.toContainEqual(
      expect.objectContaining({ reason: REASON, requestId: 'req-unrecorded' }),
    );
  });
});

describe('GET /audit/content-reads', () => {
  it('shows the owner who read their content, when and why; nobody else sees it', async () => {
    const { link, recordId } = await ownersCall();
    const reason = 'Ticket SEC-77: legal hold request';
    const read = await readContent(recordId, { reason });
    expect(read.status).toBe(200);
    const mine = await call(owner, 'GET', '/audit/content-reads');
    expect(mine.status).toBe(200);
    expect(mine.body.data.reads[0]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      reader: 'auditor',
      reason,
      requestId: link.record.requestId,
      requestAt: link.record.at,
    });
    const theirs = await call(other, 'GET', '/audit/content-reads');
    expect(theirs.body.data.reads).toEqual([]);
  });
});
