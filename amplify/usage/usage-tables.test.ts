import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import {
  standInBackendFunction,
  statementsOfFunction as statementsOf,
} from '../../tests/support/construct-stand-ins.ts';
import type { EnvironmentName } from '../settings/index.ts';
import { usageSettingsFor } from './usage-settings.ts';
import { UsageTables } from './usage-tables.ts';

/** The construct alone, connected to a stand-in usage API and a stand-in processor. */
function usageTablesTemplate(environment: EnvironmentName, removalPolicy: 'retain' | 'destroy') {
  const stack = new Stack(new App(), 'Usage');
  const tables = new UsageTables(stack, 'UsageTables', {
    environment,
    removalPolicy,
    settings: usageSettingsFor(environment),
  });
  tables.connectUsageApi(standInBackendFunction(stack, 'UsageApi'));
  tables.connectLedger(standInBackendFunction(stack, 'Processor'));
  return Template.fromStack(stack);
}

describe('UsageTables', () => {
  const sandbox = usageTablesTemplate('sandbox', 'destroy');

  it('encrypts both tables with one rotated customer-managed key, with PITR and TTL', () => {
    sandbox.resourceCountIs('AWS::DynamoDB::Table', 2);
    sandbox.resourceCountIs('AWS::KMS::Key', 1);
    sandbox.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const [keyId] = Object.keys(sandbox.findResources('AWS::KMS::Key'));
    for (const table of Object.values(sandbox.findResources('AWS::DynamoDB::Table')))
      expect(table['Properties']).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
  });

  it('names every action and resource it grants: no wildcard', () => {
    for (const prefix of ['UsageApi', 'Processor']) {
      const statements = statementsOf(sandbox, prefix).filter((statement) =>
        [statement.Action].flat().some((action) => /^(dynamodb|kms):/.test(action)),
      );
      expect(statements.length, prefix).toBeGreaterThan(0);
      for (const statement of statements) {
        expect([statement.Action].flat().join(' '), prefix).not.toContain('*');
        expect([statement.Resource].flat(), prefix).not.toContain('*');
      }
    }
  });

  it('lets the processors only update counters, put records and delete their holds in the usage table', () => {
    const actions = statementsOf(sandbox, 'Processor')
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('dynamodb:'));
    expect([...new Set(actions)].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
  });

  it.each([
    ['sandbox', 'destroy', 'Delete', false],
    ['prod', 'retain', 'Retain', true],
  ] as const)(
    '%s: tables and key follow the environment removal policy (deletion protection only where retained)',
    (environment, policy, deletionPolicy, protectedTables) => {
      const template = usageTablesTemplate(environment, policy);
      for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key'])
        for (const resource of Object.values(template.findResources(type)))
          expect(resource['DeletionPolicy'], type).toBe(deletionPolicy);
      for (const table of Object.values(template.findResources('AWS::DynamoDB::Table')))
        expect(table['Properties']['DeletionProtectionEnabled']).toBe(protectedTables);
    },
  );
});
