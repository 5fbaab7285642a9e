import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import {
  standInBackendFunction,
  statementsOfFunction as statementsOf,
} from '../../tests/support/construct-stand-ins.ts';
import { auditSettingsFor } from '../settings/audit.ts';
import type { EnvironmentName } from '../settings/index.ts';
import { AuditStore } from './audit-store.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The construct alone, connected to a stand-in writer (processor) and reader (usage API). */
function auditStoreTemplate(environment: EnvironmentName, removalPolicy: 'retain' | 'destroy') {
  const stack = new Stack(new App(), 'Audit');
  const store = new AuditStore(stack, 'Audit', {
    removalPolicy,
    settings: auditSettingsFor(environment),
  });
  store.connectWriter(standInBackendFunction(stack, 'Processor'));
  store.connectReader(standInBackendFunction(stack, 'UsageApi'));
  return Template.fromStack(stack);
}

const idOf = (template: Template, type: string) => Object.keys(template.findResources(type))[0]!;

describe('AuditStore', () => {
  const prod = auditStoreTemplate('prod', 'retain');
  const sandbox = auditStoreTemplate('sandbox', 'destroy');

  it('locks every record object in production: Object Lock on, compliance retention by default', () => {
    prod.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const bucket = Object.values(sandbox.findResources('AWS::S3::Bucket'))[0]!;
    expect(bucket['Properties']).not.toHaveProperty('ObjectLockConfiguration');
  });

  it('encrypts the bucket with the rotated audit key, blocks public access, refuses plain HTTP', () => {
    const keyId = idOf(prod, 'AWS::KMS::Key');
    prod.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    prod.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = JSON.stringify(prod.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(policy).toContain('"Effect":"Deny"');
  });

  it('expires each retention class by its own lifecycle rule, the day after its retention', () => {
    const rules = (
      Object.values(prod.findResources('AWS::S3::Bucket'))[0]!['Properties'] as {
        LifecycleConfiguration: { Rules: { Prefix: string; ExpirationInDays: number }[] };
      }
    ).LifecycleConfiguration.Rules;
    expect(rules.map(({ Prefix, ExpirationInDays }) => [Prefix, ExpirationInDays])).toEqual([
      ['records/r400/', 401],
      ['records/r2557/', 2558],
    ]);
  });

  it('keeps chain heads and the index in a table with TTL and point-in-time recovery', () => {
    prod.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('lets the writer move heads, put objects under records/ and generate data keys on the audit key, nothing more', () => {
    const tableId = idOf(prod, 'AWS::DynamoDB::Table');
    const bucketId = idOf(prod, 'AWS::S3::Bucket');
    const keyId = idOf(prod, 'AWS::KMS::Key');
    expect(statementsOf(prod, 'Processor')).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
      expect.objectContaining({
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/records/*']] },
      }),
      expect.objectContaining({
        Action: 'kms:GenerateDataKey',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      }),
    ]);
  });

  it('lets the reader query the index, and read no object, content or key', () => {
    const tableId = idOf(prod, 'AWS::DynamoDB::Table');
    expect(statementsOf(prod, 'UsageApi')).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:Query',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    ]);
  });

  it('gives the writer its table, bucket, key and policy, and never content in the environment', () => {
    const resources = prod.toJSON()['Resources'] as Resources;
    const processor = Object.entries(resources).find(
      ([id, resource]) => id.startsWith('Processor') && resource.Type === 'AWS::Lambda::Function',
    )![1];
    const variables = (
      processor.Properties['Environment'] as { Variables: Record<string, unknown> }
    ).Variables;
    expect(Object.keys(variables).sort()).toEqual([
      'AUDIT_BUCKET_NAME',
      'AUDIT_KEY_ID',
      'AUDIT_POLICY',
      'AUDIT_TABLE_NAME',
    ]);
    expect(JSON.parse(variables['AUDIT_POLICY'] as string)).toMatchObject({
      retentionDays: { 'model-call': 400 },
    });
  });
});
