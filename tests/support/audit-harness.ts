/**
 * Test support: the audit trail over local servers (dynalite for the chain table, the local
 * models' S3 stand-in for the record objects, the local KMS), with the same SDK clients the
 * functions use. Not part of any Lambda bundle.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';

import { ContentCapture } from '../../amplify/audit/capture.ts';
import { AUDIT_KINDS } from '../../amplify/audit/kinds.ts';
import type { AuditPolicyInput } from '../../amplify/audit/policy.ts';
import { auditPolicySchema } from '../../amplify/audit/policy.ts';
import { AuditStoreReader } from '../../amplify/audit/store-reader.ts';
import { AUDIT_ENV } from '../../amplify/audit/table.ts';
import { type AuditEvent, AuditTrail } from '../../amplify/audit/trail.ts';
import { type LocalKms, startLocalKms } from '../../local/kms/kms-server.ts';
import { type LocalModels, startLocalModels } from '../../local/models/index.ts';
import { type LocalDynamo, startLocalDynamo } from '../../local/usage/dynamo.ts';

export const AUDIT_BUCKET = 'ml-gateway-audit-test';

/** A policy for tests: MLUsers' content hashed, Administrators' encrypted, two shards. */
export const TEST_AUDIT_POLICY: AuditPolicyInput = {
  retentionDays: {
    'model-call': 30,
    guardrail: 365,
    'admin-action': 365,
    'key-operation': 365,
    'scim-change': 365,
  },
  groups: {
    MLUsers: { capture: 'sha256' },
    Administrators: { capture: 'kms', retentionDays: { 'model-call': 90 } },
  },
  chainShards: 2,
  dataKeyReuseSeconds: 300,
};

/**
 * Every kind kept `days` days in one chain shard, with a fresh data key per record: what a test
 * needs for one verifiable chain per day (a new kind is covered without editing the tests).
 */
export function singleChainPolicy(days: number): AuditPolicyInput {
  return {
    retentionDays: Object.fromEntries(AUDIT_KINDS.map((kind) => [kind, days])) as Record<
      (typeof AUDIT_KINDS)[number],
      number
    >,
    chainShards: 1,
    dataKeyReuseSeconds: 0,
  };
}

export interface AuditHarness {
  readonly dynamo: LocalDynamo;
  readonly models: LocalModels;
  readonly kms: LocalKms;
  readonly s3: S3Client;
  readonly kmsClient: KMSClient;
  readonly reader: AuditStoreReader;
  /** The environment `auditTrailFromEnv` reads, pointed at these servers. */
  readonly env: Record<string, string>;
  /** A trail over these servers; `errors` collects what it would log. */
  trail(policy?: AuditPolicyInput): { trail: AuditTrail; errors: Record<string, unknown>[] };
}

/** Starts the servers before the file's tests, stops them after. */
export function useAuditHarness(): AuditHarness {
  let state:
    | {
        dynamo: LocalDynamo;
        models: LocalModels;
        kms: LocalKms;
        s3: S3Client;
        kmsClient: KMSClient;
      }
    | undefined;
  beforeAll(async () => {
    const [dynamo, models, kms] = await Promise.all([
      startLocalDynamo(),
      startLocalModels(),
      startLocalKms(),
    ]);
    const local = {
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    state = {
      dynamo,
      models,
      kms,
      s3: new S3Client({ ...local, endpoint: models.s3Url, forcePathStyle: true }),
      kmsClient: new KMSClient({ ...local, endpoint: kms.endpoint }),
    };
  });
  afterAll(async () => {
    if (!state) return;
    state.s3.destroy();
    state.kmsClient.destroy();
    await Promise.all([state.dynamo.stop(), state.models.close(), state.kms.close()]);
  });
  const current = () => {
    if (!state) throw new Error('the audit harness starts in beforeAll: use it inside a test');
    return state;
  };
  return {
    get dynamo() {
      return current().dynamo;
    },
    get models() {
      return current().models;
    },
    get kms() {
      return current().kms;
    },
    get s3() {
      return current().s3;
    },
    get kmsClient() {
      return current().kmsClient;
    },
    get reader() {
      const { s3, dynamo } = current();
      return new AuditStoreReader({
        s3,
        dynamo: dynamo.client,
        bucketName: AUDIT_BUCKET,
        tableName: dynamo.tableNames.audit,
      });
    },
    get env() {
      const { dynamo, models, kms } = current();
      return {
        ...dynamo.env,
        [AUDIT_ENV.table]: dynamo.tableNames.audit,
        [AUDIT_ENV.bucket]: AUDIT_BUCKET,
        [AUDIT_ENV.policy]: JSON.stringify(TEST_AUDIT_POLICY),
        [AUDIT_ENV.keyId]: kms.keyArn,
        [AUDIT_ENV.s3Endpoint]: models.s3Url,
        [AUDIT_ENV.kmsEndpoint]: kms.endpoint,
      };
    },
    trail(policy = TEST_AUDIT_POLICY) {
      const { dynamo, s3, kmsClient, kms } = current();
      const parsed = auditPolicySchema.parse(policy);
      const errors: Record<string, unknown>[] = [];
      const trail = new AuditTrail({
        dynamo: dynamo.client,
        s3,
        tableName: dynamo.tableNames.audit,
        bucketName: AUDIT_BUCKET,
        policy: parsed,
        capture: new ContentCapture({
          kms: kmsClient,
          keyId: kms.keyArn,
          dataKeyReuseMs: parsed.dataKeyReuseSeconds * 1000,
        }),
        log: { error: (message, attributes) => errors.push({ message, ...attributes }) },
      });
      return { trail, errors };
    },
  };
}

/** An audit event of a model call by an ML user, with a unique request id. */
export function modelCallEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    kind: 'model-call',
    at: new Date(),
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    sub: 'sub-ml-user',
    username: 'ml.user',
    groups: ['MLUsers'],
    action: 'POST /ml/bedrock',
    model: 'local.echo',
    policy: 'default',
    policyVersion: 'abcdef012345',
    outcome: 'ok',
    status: 200,
    inputTokens: 7,
    outputTokens: 7,
    costNanoUsd: 1200,
    latencyMs: 12,
    content: '{"prompt":"hello"}',
    ...overrides,
  };
}
