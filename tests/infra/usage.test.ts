import { describe, expect, it } from 'vitest';

import { resourcesOf } from './assembly.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** Logical ids of the usage, conversation (and API key) tables, told apart by their partition key. */
function tableIds(): { usage: string; conversations: string; apiKeys: string } {
  const tables = resourcesOf('api', 'AWS::DynamoDB::Table');
  const byKey = (name: string) =>
    tables.find(([, table]) =>
      (table.Properties['KeySchema'] as { AttributeName: string }[]).some(
        (key) => key.AttributeName === name,
      ),
    )![0];
  return { usage: byKey('pk'), conversations: byKey('owner'), apiKeys: byKey('keyId') };
}

/** DynamoDB statements of the role of the function whose environment holds `marker`. */
function dynamoStatementsOf(marker: string): Statement[] {
  const fn = resourcesOf('api', 'AWS::Lambda::Function').find(([, f]) =>
    JSON.stringify(f.Properties['Environment'] ?? {}).includes(marker),
  );
  if (!fn) throw new Error(`No function with ${marker} in its environment`);
  const roleId = (fn[1].Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return (
    resourcesOf('api', 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
      )
      .flatMap(
        ([, policy]) =>
          (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
      )
      .filter((statement) => [statement.Action].flat().some((a) => a.startsWith('dynamodb:')))
      // The audit table's grants (another stack's table) are asserted in audit.test.ts, the
      // directory's (read for access decisions) in directory-access.test.ts.
      .filter(
        (statement) => !/audit|directoryNestedStack/i.test(JSON.stringify(statement.Resource)),
      )
      // The group-mapping table's grants are asserted in group-mapping.test.ts.
      .filter((statement) => !/groupmapping/i.test(JSON.stringify(statement.Resource)))
  );
}

const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();
const resourceText = (statements: Statement[]) =>
  JSON.stringify(statements.map((statement) => statement.Resource));

describe('usage and conversation tables', () => {
  it('has exactly the two tables, on demand, with PITR, TTL on expiresAt and a customer-managed key', () => {
    // The API key table (tests/infra/api-keys.test.ts) is apart: keyed by keyId, no usage data.
    const tables = resourcesOf('api', 'AWS::DynamoDB::Table').filter(
      ([, table]) =>
        !(table.Properties['KeySchema'] as { AttributeName: string }[]).some(
          (key) => key.AttributeName === 'keyId',
        ),
    );
    expect(tables).toHaveLength(2);
    const keys = resourcesOf('api', 'AWS::KMS::Key');
    expect(keys).toHaveLength(1);
    expect(keys[0]![1].Properties['EnableKeyRotation']).toBe(true);
    for (const [, table] of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keys[0]![0], 'Arn'] },
        },
      });
      // A sandbox is disposable: its tables go with the stack.
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });

  it('passes the retention settings and table names to the functions', () => {
    const { usage, conversations } = tableIds();
    const usageApi = resourcesOf('api', 'AWS::Lambda::Function').find(([, f]) =>
      JSON.stringify(f.Properties['Environment']).includes('CONVERSATIONS_TABLE_NAME'),
    )![1];
    expect(usageApi.Properties['Environment']).toMatchObject({
      Variables: {
        USAGE_TABLE_NAME: { Ref: usage },
        CONVERSATIONS_TABLE_NAME: { Ref: conversations },
        HISTORY_RETENTION_DAYS: '7',
      },
    });
    const processors = resourcesOf('api', 'AWS::Lambda::Function').filter(([, f]) =>
      JSON.stringify(f.Properties['Environment']).includes('"ml-processor"'),
    );
    expect(processors).toHaveLength(4);
    for (const [, fn] of processors)
      expect(fn.Properties['Environment']).toMatchObject({
        Variables: { USAGE_TABLE_NAME: { Ref: usage }, USAGE_RETENTION_DAYS: '35' },
      });
  });

  it('lets the usage API read usage and manage conversations, on those tables only', () => {
    const { usage, conversations, apiKeys } = tableIds();
    // Its API key rights are asserted in tests/infra/api-keys.test.ts.
    const statements = dynamoStatementsOf('CONVERSATIONS_TABLE_NAME').filter(
      (statement) => !resourceText([statement]).includes(apiKeys),
    );
    expect(actionsOf(statements)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    const usageStatement = statements.filter((s) => resourceText([s]).includes(usage));
    expect(actionsOf(usageStatement)).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    for (const statement of statements) {
      const text = resourceText([statement]);
      expect(text.includes(usage) || text.includes(conversations)).toBe(true);
      expect(text).not.toContain('"*"');
    }
  });

  it('lets the ML processors only write counters, holds and records in the usage table', () => {
    const { usage, conversations, apiKeys } = tableIds();
    // Their read of a key's status is asserted in directory-access.test.ts.
    const statements = dynamoStatementsOf('"ml-processor"').filter(
      (statement) => !resourceText([statement]).includes(apiKeys),
    );
    // A transaction's Update, Put and Delete (settle removes the hold) need these, nothing more.
    expect(actionsOf(statements)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(resourceText(statements)).toContain(usage);
    expect(resourceText(statements)).not.toContain(conversations);
  });

  it('names every action and resource: no wildcards in the usage grants', () => {
    for (const marker of ['CONVERSATIONS_TABLE_NAME', '"ml-processor"', '"usage-sweeper"']) {
      const fn = resourcesOf('api', 'AWS::Lambda::Function').find(([, f]) =>
        JSON.stringify(f.Properties['Environment'] ?? {}).includes(marker),
      )!;
      const roleId = (fn[1].Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
      const statements = resourcesOf('api', 'AWS::IAM::Policy')
        .filter(([, policy]) =>
          (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
        )
        .flatMap(
          ([, policy]) =>
            (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
        )
        .filter((statement) =>
          [statement.Action].flat().some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:')),
        );
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect([statement.Action].flat().join(' ')).not.toContain('*');
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
      }
    }
  });

  it('gives no other function any DynamoDB rights', () => {
    const { usage, conversations, apiKeys } = tableIds();
    // Statements on the other stacks' tables are left out, each asserted in its own test: the
    // directory (scim.test.ts, directory-access.test.ts), the audit table (audit.test.ts: the
    // SCIM function is an audit writer too) and the group mapping (group-mapping.test.ts).
    const outsideDirectory = (policy: Resource) => ({
      Statement: (
        policy.Properties['PolicyDocument'] as { Statement: Statement[] }
      ).Statement.filter(
        (statement) =>
          !/directoryNestedStack|auditNestedStack|groupMappingNestedStack/i.test(
            JSON.stringify(statement),
          ),
      ),
    });
    const policies = resourcesOf('api', 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(outsideDirectory(policy)).includes('dynamodb:'),
    );
    // usage API role, the four processor roles, the sweeper's, and the authorizer's (API keys)
    expect(policies.length).toBe(7);
    for (const [, policy] of policies) {
      const text = JSON.stringify(outsideDirectory(policy));
      expect(text.includes(usage) || text.includes(conversations) || text.includes(apiKeys)).toBe(
        true,
      );
    }
  });

  it('lets the sweeper query exactly the index of expired holds and settle them', () => {
    const { usage } = tableIds();
    const statements = dynamoStatementsOf('"usage-sweeper"');
    const query = statements.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(actionsOf(query)).toEqual(['dynamodb:Query']);
    expect(query.flatMap((s) => [s.Resource].flat())).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [usage, 'Arn'] }, '/index/byHoldExpiry']] },
    ]);
    const writes = statements.filter((s) => !query.includes(s));
    expect(actionsOf(writes)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(writes.flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [usage, 'Arn'] }]);
  });

  it('indexes holds by shard and expiry, and runs the sweeper on a schedule', () => {
    const { usage } = tableIds();
    const table = resourcesOf('api', 'AWS::DynamoDB::Table').find(([id]) => id === usage)![1];
    expect(table.Properties['GlobalSecondaryIndexes']).toContainEqual({
      IndexName: 'byHoldExpiry',
      KeySchema: [
        { AttributeName: 'holdShard', KeyType: 'HASH' },
        { AttributeName: 'holdExpiresAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    const sweeper = resourcesOf('api', 'AWS::Lambda::Function').find(([, f]) =>
      JSON.stringify(f.Properties['Environment'] ?? {}).includes('"usage-sweeper"'),
    )!;
    const rules = resourcesOf('api', 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]![1].Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [sweeper[0], 'Arn'] } })],
    });
  });

  it('alarms when the sweeper settles any hold', () => {
    const { usage } = tableIds();
    const alarm = resourcesOf('api', 'AWS::CloudWatch::Alarm').find(([id]) =>
      id.includes('ExpiredHoldsSwept'),
    )![1];
    expect(alarm.Properties).toMatchObject({
      Namespace: 'MLGateway/Usage',
      MetricName: 'ExpiredHoldsSwept',
      Dimensions: [{ Name: 'UsageTable', Value: { Ref: usage } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('keeps production data: retention settings, deletion protection and RETAIN', () => {
    // The API key table's own retention is asserted in tests/infra/api-keys.test.ts.
    const tables = resourcesOf('api', 'AWS::DynamoDB::Table', 'prod').filter(
      ([, table]) =>
        !(table.Properties['KeySchema'] as { AttributeName: string }[]).some(
          (key) => key.AttributeName === 'keyId',
        ),
    );
    expect(tables).toHaveLength(2);
    for (const [, table] of tables) {
      expect(table.Properties['DeletionProtectionEnabled']).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties['TimeToLiveSpecification']).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
    }
    expect(resourcesOf('api', 'AWS::KMS::Key', 'prod')[0]![1].DeletionPolicy).toBe('Retain');
    const variables = resourcesOf('api', 'AWS::Lambda::Function', 'prod').map(
      ([, fn]) =>
        (fn.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {},
    );
    expect(variables.find((v) => 'CONVERSATIONS_TABLE_NAME' in v)).toMatchObject({
      HISTORY_RETENTION_DAYS: '90',
    });
    // The four processor functions and the sweeper write usage records.
    expect(variables.filter((v) => v['USAGE_RETENTION_DAYS'] === '400')).toHaveLength(5);
  });
});
