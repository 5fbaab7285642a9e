/**
 * The audit trail in the synthesized backend: its own stack (bucket, chain table, key), Object
 * Lock in production only, and the functions' grants limited to the audit ARNs they use.
 */
import { describe, expect, it } from 'vitest';

import { resourcesOf } from './assembly.ts';
import type { SynthTarget } from './synth-targets.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** The functions of the api stack whose environment names the audit table. */
function auditedFunctions(target: SynthTarget = 'sandbox'): [string, Resource][] {
  return resourcesOf('api', 'AWS::Lambda::Function', target).filter(([, fn]) =>
    JSON.stringify(fn.Properties['Environment'] ?? {}).includes('AUDIT_TABLE_NAME'),
  );
}

/** Every statement granted to a function's role. */
function statementsOf(fn: Resource, target: SynthTarget = 'sandbox'): Statement[] {
  const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return resourcesOf('api', 'AWS::IAM::Policy', target)
    .filter(([, policy]) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      ([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
    );
}

const actions = (statement: Statement) => [statement.Action].flat();

describe('audit store', () => {
  it('locks the production bucket (Object Lock, compliance, default retention) and not a sandbox’s', () => {
    const [, prodBucket] = resourcesOf('audit', 'AWS::S3::Bucket', 'prod')[0]!;
    expect(prodBucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
      },
    });
    const [, sandboxBucket] = resourcesOf('audit', 'AWS::S3::Bucket')[0]!;
    expect(sandboxBucket.Properties).not.toHaveProperty('ObjectLockConfiguration');
  });

  it('has one bucket, one chain table and one key, in a stack of its own', () => {
    expect(resourcesOf('audit', 'AWS::S3::Bucket', 'prod')).toHaveLength(1);
    expect(resourcesOf('audit', 'AWS::DynamoDB::Table', 'prod')).toHaveLength(1);
    expect(resourcesOf('audit', 'AWS::KMS::Key', 'prod')).toHaveLength(1);
  });

  it('audits the four processor functions, the usage API and the SCIM function', () => {
    expect(auditedFunctions()).toHaveLength(6);
    expect(auditedFunctions().filter(([id]) => id.startsWith('scimapi'))).toHaveLength(1);
  });

  it.each(['sandbox', 'prod'] as const)(
    '%s: grants S3 only PutObject under records/, KMS only GenerateDataKey, on the audit resources',
    (target) => {
      for (const [id, fn] of auditedFunctions(target)) {
        // The statements on the audit stack's resources (cross-stack references name them).
        const onAudit = statementsOf(fn, target).filter((statement) =>
          /audit/i.test(JSON.stringify(statement.Resource)),
        );
        const of = (service: string) =>
          onAudit.filter((statement) =>
            actions(statement).some((action) => action.startsWith(`${service}:`)),
          );
        const reader = id.startsWith('usageapi');
        // Only the usage API reads records and decrypts (content reads); processors never.
        expect(of('s3').flatMap(actions).sort(), id).toEqual(
          reader ? ['s3:GetObject', 's3:PutObject'] : ['s3:PutObject'],
        );
        for (const statement of of('s3'))
          expect(JSON.stringify(statement.Resource), id).toMatch(
            /AuditRecords.*"\/records\/\*"\]\]\}$/,
          );
        expect(of('kms').flatMap(actions).sort(), id).toEqual(
          reader ? ['kms:Decrypt', 'kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:GenerateDataKey'],
        );
        for (const statement of of('kms'))
          expect(JSON.stringify(statement.Resource), id).toContain('AuditKey');
        expect(of('dynamodb').flatMap(actions).sort(), id).toEqual(
          id.startsWith('usageapi')
            ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']
            : ['dynamodb:GetItem', 'dynamodb:PutItem'],
        );
        for (const statement of of('dynamodb'))
          expect(JSON.stringify(statement.Resource), id).toContain('AuditChains');
        // Nothing on the audit stack beyond those three services.
        expect(onAudit.length, id).toBe(of('s3').length + of('kms').length + of('dynamodb').length);
      }
    },
  );

  it.each(['sandbox', 'prod'] as const)(
    '%s: the usage API decrypts with the audit key only under the capture and S3 encryption contexts',
    (target) => {
      const [[, usageApi]] = auditedFunctions(target).filter(([id]) => id.startsWith('usageapi'));
      const decrypts = statementsOf(usageApi!, target).filter(
        (statement) =>
          actions(statement).includes('kms:Decrypt') &&
          JSON.stringify(statement.Resource).includes('AuditKey'),
      );
      expect(decrypts).toHaveLength(2);
      for (const statement of decrypts) {
        expect(actions(statement)).toEqual(['kms:Decrypt']);
        // Exactly the audit key: one ARN, no wildcard.
        expect(JSON.stringify(statement.Resource)).toMatch(
          /^\{"Ref":"referenceto.*AuditKey.*Arn"\}$/,
        );
      }
      const conditions = decrypts.map((statement) => statement.Condition);
      expect(conditions).toContainEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'ml-gateway-audit' },
      });
      const viaS3 = conditions.find(
        (condition) => condition?.['StringEquals']?.['kms:EncryptionContext:aws:s3:arn'],
      );
      expect(JSON.stringify(viaS3?.['StringEquals']?.['kms:EncryptionContext:aws:s3:arn'])).toMatch(
        /AuditRecords.*Arn/,
      );
      expect(JSON.stringify(viaS3?.['StringEquals']?.['kms:ViaService'])).toContain('s3.');
    },
  );

  it.each(['sandbox', 'prod'] as const)(
    '%s: no processor function may decrypt with the audit key',
    (target) => {
      for (const [id, fn] of auditedFunctions(target).filter(
        ([name]) => !name.startsWith('usageapi'),
      ))
        for (const statement of statementsOf(fn, target))
          if (JSON.stringify(statement.Resource).includes('AuditKey'))
            expect(actions(statement), id).not.toContain('kms:Decrypt');
    },
  );
});
