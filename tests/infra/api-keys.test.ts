import { describe, expect, it } from 'vitest';

import { resourcesOf } from './assembly.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

function keyTable(target: 'sandbox' | 'prod' = 'sandbox'): [string, Resource] {
  const table = resourcesOf('api', 'AWS::DynamoDB::Table', target).find(([, t]) =>
    (t.Properties['KeySchema'] as { AttributeName: string }[]).some(
      (k) => k.AttributeName === 'keyId',
    ),
  );
  if (!table) throw new Error('No API key table');
  return table;
}

/** The environment and IAM statements of the function whose environment holds `marker`. */
function functionWith(marker: string) {
  const fn = resourcesOf('api', 'AWS::Lambda::Function').find(([, f]) =>
    JSON.stringify(f.Properties['Environment'] ?? {}).includes(marker),
  );
  if (!fn) throw new Error(`No function with ${marker} in its environment`);
  const roleId = (fn[1].Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const statements = resourcesOf('api', 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      ([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
    );
  const variables = (fn[1].Properties['Environment'] as { Variables: Record<string, unknown> })
    .Variables;
  return { variables, statements };
}

const statementsFor = (statements: Statement[], prefix: string) =>
  statements.filter((statement) => [statement.Action].flat().some((a) => a.startsWith(prefix)));
const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();

describe('personal API key resources', () => {
  it('has a key table by key id with an owner index, PITR and TTL on deleteAfter', () => {
    const [, table] = keyTable();
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'keyId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'ownerSub', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
        },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'deleteAfter', Enabled: true },
    });
  });

  it('keeps the keys and their secret in production (a new secret would void every key)', () => {
    const [, table] = keyTable('prod');
    expect(table.Properties['DeletionProtectionEnabled']).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(resourcesOf('api', 'AWS::SecretsManager::Secret', 'prod')[0]![1].DeletionPolicy).toBe(
      'Retain',
    );
  });

  it('has a generated HMAC secret in Secrets Manager', () => {
    const secrets = resourcesOf('api', 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]![1].Properties['GenerateSecretString']).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it('lets the authorizer only read and touch keys, read the secret and list a user’s groups', () => {
    const [tableId] = keyTable();
    const [[secretId]] = resourcesOf('api', 'AWS::SecretsManager::Secret');
    const { variables, statements } = functionWith('USER_POOL_CLIENT_ID');
    expect(variables).toMatchObject({
      API_KEY_TABLE_NAME: { Ref: tableId },
      API_KEY_SECRET_ARN: { Ref: secretId },
    });
    // Its reads of the directory are asserted in directory-access.test.ts.
    const dynamo = statementsFor(statements, 'dynamodb:').filter(
      // The directory's and the group mapping's grants: directory-access.test.ts, group-mapping.test.ts.
      (statement) =>
        !/directoryNestedStack|groupMappingNestedStack/.test(JSON.stringify(statement.Resource)),
    );
    expect(actionsOf(dynamo)).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(dynamo.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
    const secrets = statementsFor(statements, 'secretsmanager:');
    expect(actionsOf(secrets)).toEqual(['secretsmanager:GetSecretValue']);
    expect(secrets.map((s) => s.Resource)).toEqual([{ Ref: secretId }]);
    const cognito = statementsFor(statements, 'cognito-idp:');
    expect(actionsOf(cognito)).toEqual(['cognito-idp:AdminListGroupsForUser']);
    expect(JSON.stringify(cognito.map((s) => s.Resource))).toMatch(/UserPool/);
    // (X-Ray's own statement is the only one on `*`: tracing, not data.)
    expect(
      JSON.stringify([...dynamo, ...secrets, ...cognito].map((s) => s.Resource)),
    ).not.toContain('"*"');
  });

  it('lets the usage API manage keys on the table and its owner index, and read the secret', () => {
    const [tableId] = keyTable();
    const { variables, statements } = functionWith('CONVERSATIONS_TABLE_NAME');
    expect(variables).toMatchObject({
      API_KEY_TABLE_NAME: { Ref: tableId },
      API_KEYS_DEFAULT_EXPIRY_DAYS: '30',
      API_KEYS_MAX_EXPIRY_DAYS: '90',
      API_KEYS_MAX_PER_USER: '20',
    });
    const onKeys = statementsFor(statements, 'dynamodb:').filter((s) =>
      JSON.stringify(s.Resource).includes(tableId),
    );
    expect(actionsOf(onKeys)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ]);
    expect(actionsOf(statementsFor(statements, 'secretsmanager:'))).toEqual([
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('puts the compatible routes behind an uncached REQUEST authorizer reading both headers', () => {
    const request = resourcesOf('api', 'AWS::ApiGateway::Authorizer').find(
      ([, a]) => a.Properties['Type'] === 'REQUEST',
    );
    expect(request?.[1].Properties).toMatchObject({
      IdentitySource: 'method.request.header.Authorization,method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 0,
    });
  });
});
