/**
 * The audit trail against local servers: concurrent writers keep every chain a chain, content is
 * captured as each group's policy says (never in the index), and the verifier catches one changed
 * byte, a removed record and a swapped pair in what was actually stored.
 */
import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  AUDIT_BUCKET,
  modelCallEvent,
  singleChainPolicy,
  TEST_AUDIT_POLICY,
  useAuditHarness,
} from '../../tests/support/audit-harness.ts';
import { madeOnce } from './aws-sdk.ts';
import { ContentCapture, openContent } from './capture.ts';
import { dayOf, linkKey } from './chain.ts';
import { auditPolicySchema } from './policy.ts';
import { AuditTrail } from './trail.ts';
import { verifyChains } from './verify.ts';

const harness = useAuditHarness();

/** A UTC day of its own per test, so tests do not share chains. */
let nextDay = 1;
const freshDay = () => new Date(Date.UTC(2031, 0, nextDay++, 12));

async function verifyDay(day: string) {
  const [links, heads] = await Promise.all([harness.reader.links(day), harness.reader.heads(day)]);
  return verifyChains(links, heads);
}

// Concurrent writers through dynalite's one transaction queue: slow on a busy machine.
describe('AuditTrail', { timeout: 120_000 }, () => {
  it('keeps every chain intact with 60 concurrent writers: one link per record, none lost', async () => {
    const { trail, errors } = harness.trail();
    const at = freshDay();
    const events = Array.from({ length: 60 }, (_, index) =>
      modelCallEvent({
        at,
        // Three retention classes: model calls of MLUsers (30 d), of Administrators (90 d), interventions (365 d).
        ...(index % 3 === 1 ? { groups: ['Administrators'] } : {}),
        ...(index % 3 === 2
          ? { kind: 'guardrail', outcome: 'guardrail_intervened', status: 422 }
          : {}),
      }),
    );
    await Promise.all(events.map((event) => trail.record(event)));
    expect(errors).toEqual([]);
    const report = await verifyDay(dayOf(at.toISOString()));
    expect(report.problems).toEqual([]);
    expect(report.links).toBe(60);
    // 3 retention classes × 2 shards.
    expect(report.chains).toBeLessThanOrEqual(6);
    expect(report.chains).toBeGreaterThanOrEqual(3);
    const listed = await harness.reader.records(dayOf(at.toISOString()), 1000);
    expect(new Set(listed.records.map((record) => record.requestId))).toEqual(
      new Set(events.map((event) => event.requestId)),
    );
  });

  it('keeps the SHA-256 of an ML user’s content, never the content', async () => {
    const { trail } = harness.trail();
    const content = '{"messages":[{"role":"user","content":"the secret plan"}]}';
    const link = await trail.append(modelCallEvent({ at: freshDay(), content }));
    expect(link.record.content).toEqual({
      mode: 'sha256',
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    expect(JSON.stringify(link)).not.toContain('secret plan');
  });

  it('encrypts an administrator’s content with a KMS data key; only Decrypt with the audit context opens it', async () => {
    const { trail } = harness.trail();
    const content = '{"messages":[{"role":"user","content":"board minutes"}]}';
    const event = modelCallEvent({ at: freshDay(), groups: ['Administrators'], content });
    const link = await trail.append(event);
    const captured = link.record.content;
    expect(captured?.mode).toBe('kms');
    if (captured?.mode !== 'kms') return;
    expect(JSON.stringify(link)).not.toContain('board minutes');
    expect(await openContent(harness.kmsClient, captured, event.requestId)).toBe(content);
    // Bound to its record: under another request id the content does not open.
    await expect(openContent(harness.kmsClient, captured, 'req-other')).rejects.toThrow();
  });

  it('reuses one data key while it is fresh (one GenerateDataKey for many records)', async () => {
    const { trail } = harness.trail();
    const before = harness.kms.calls.get('GenerateDataKey') ?? 0;
    for (let i = 0; i < 5; i++)
      await trail.append(modelCallEvent({ at: freshDay(), groups: ['Administrators'] }));
    expect((harness.kms.calls.get('GenerateDataKey') ?? 0) - before).toBe(1);
  });

  it('keeps no content for a group without capture, and lists no content to administrators', async () => {
    const { trail } = harness.trail();
    const at = freshDay();
    const link = await trail.append(modelCallEvent({ at, groups: ['ReadOnly'] }));
    expect(link.record.content).toBeUndefined();
    await trail.append(modelCallEvent({ at, groups: ['Administrators'] }));
    const { records } = await harness.reader.records(dayOf(at.toISOString()), 10);
    expect(records).toHaveLength(2);
    for (const record of records) expect(record).not.toHaveProperty('content');
    expect(records.map((record) => record.contentCaptured ?? 'none').sort()).toEqual([
      'kms',
      'none',
    ]);
  });

  it('gives each record its group’s retention for its kind', async () => {
    const { trail } = harness.trail();
    const at = freshDay();
    const call = await trail.append(modelCallEvent({ at }));
    const admin = await trail.append(modelCallEvent({ at, groups: ['Administrators'] }));
    const blocked = await trail.append(modelCallEvent({ at, kind: 'guardrail' }));
    expect([call, admin, blocked].map((link) => link.record.retentionDays)).toEqual([30, 90, 365]);
    expect(admin.chain).toMatch(/\/r90\/s\d$/);
  });

  it('prepare() starts making the S3 and KMS clients before the first record, which then uses them (each made once)', async () => {
    const made = { s3: 0, kms: 0 };
    const parsed = auditPolicySchema.parse(TEST_AUDIT_POLICY);
    const trail = new AuditTrail({
      dynamo: harness.dynamo.client,
      s3: madeOnce(async () => (made.s3++, harness.s3)),
      tableName: harness.dynamo.tableNames.audit,
      bucketName: AUDIT_BUCKET,
      policy: parsed,
      capture: new ContentCapture({
        kms: madeOnce(async () => (made.kms++, harness.kmsClient)),
        keyId: harness.kms.keyArn,
        dataKeyReuseMs: 0,
      }),
      log: { error: () => undefined },
    });
    expect(made).toEqual({ s3: 0, kms: 0 });
    trail.prepare();
    expect(made).toEqual({ s3: 1, kms: 1 });
    const event = modelCallEvent({
      at: freshDay(),
      groups: ['Administrators'],
      content: 'kept encrypted',
    });
    const link = await trail.append(event);
    expect(link.record.content?.mode).toBe('kms');
    expect(made).toEqual({ s3: 1, kms: 1 });
  });

  it('reports a record it cannot store without throwing, by request id and error name only', async () => {
    const errors: Record<string, unknown>[] = [];
    const event = modelCallEvent({ at: freshDay(), content: 'never logged' });
    // A table that does not exist: the write fails.
    const failing = new AuditTrail({
      dynamo: harness.dynamo.client,
      s3: harness.s3,
      tableName: 'no-such-table',
      bucketName: AUDIT_BUCKET,
      policy: auditPolicySchema.parse(singleChainPolicy(1)),
      capture: new ContentCapture({ dataKeyReuseMs: 0 }),
      log: { error: (message, attributes) => errors.push({ message, ...attributes }) },
    });
    await expect(failing.record(event)).resolves.toBeUndefined();
    expect(errors).toEqual([
      {
        message: 'audit record failed',
        requestId: event.requestId,
        errorName: 'ResourceNotFoundException',
      },
    ]);
    expect(JSON.stringify(errors)).not.toContain('never logged');
  });
});

describe('verifier over stored records', { timeout: 60_000 }, () => {
  /** Writes five records to one chain of a fresh day; returns the day and the chain. */
  async function storedChain() {
    const { trail } = harness.trail(singleChainPolicy(30));
    const at = freshDay();
    let chain = '';
    for (let i = 0; i < 5; i++) chain = (await trail.append(modelCallEvent({ at }))).chain;
    const day = dayOf(at.toISOString());
    expect((await verifyDay(day)).problems).toEqual([]);
    return { day, chain };
  }
  const uri = (key: string) => `s3://${AUDIT_BUCKET}/${key}`;

  it('catches one changed byte', async () => {
    const { day, chain } = await storedChain();
    const object = harness.models.store.get(uri(linkKey(chain, 3)))!;
    const body = Buffer.from(object.body);
    // One digit of the recorded output tokens: 7 becomes 8.
    const at = body.indexOf('"outputTokens":7') + '"outputTokens":'.length;
    body[at] = '8'.charCodeAt(0);
    harness.models.store.put(uri(linkKey(chain, 3)), body, object.contentType);
    expect((await verifyDay(day)).problems).toEqual([
      { kind: 'changed', chain, seq: 3, key: linkKey(chain, 3) },
    ]);
  });

  it('catches a removed record, and a removed last record against the head', async () => {
    const { day, chain } = await storedChain();
    harness.models.store.objects.delete(uri(linkKey(chain, 2)));
    expect((await verifyDay(day)).problems).toEqual([{ kind: 'missing', chain, seq: 2 }]);
    harness.models.store.objects.delete(uri(linkKey(chain, 5)));
    expect((await verifyDay(day)).problems).toContainEqual({ kind: 'missing', chain, seq: 5 });
  });

  it('catches a swapped pair', async () => {
    const { day, chain } = await storedChain();
    const second = harness.models.store.get(uri(linkKey(chain, 2)))!;
    const third = harness.models.store.get(uri(linkKey(chain, 3)))!;
    harness.models.store.put(uri(linkKey(chain, 2)), third.body, third.contentType);
    harness.models.store.put(uri(linkKey(chain, 3)), second.body, second.contentType);
    const kinds = (await verifyDay(day)).problems.map(
      (problem) => `${problem.kind}@${problem.seq}`,
    );
    expect(kinds).toEqual([
      'misplaced@2',
      'broken-link@2',
      'misplaced@3',
      'broken-link@3',
      'broken-link@4',
    ]);
  });
});
