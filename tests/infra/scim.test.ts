/**
 * SCIM provisioning in the synthesized backend: the directory table and the token-digest secret
 * in their own stack, the SCIM function's rights on exactly those, and its route on the REST API
 * outside the token authorizer, throttled per method, behind the stage's web ACL.
 */
import { describe, expect, it } from 'vitest';

import { SCIM_METHODS } from '../../amplify/contract/scim.ts';
import { scimSettingsFor } from '../../amplify/directory/scim-settings.ts';
import { resourcesOf } from './assembly.ts';
import type { PolicyStatement as Statement } from './template-types.ts';

/** The SCIM function (told by its service name) and its role's statements. */
function scimFunction(target: 'sandbox' | 'prod' = 'sandbox') {
  const [id, fn] = resourcesOf('api', 'AWS::Lambda::Function', target).find(([, f]) =>
    JSON.stringify(f.Properties['Environment'] ?? {}).includes(
      '"POWERTOOLS_SERVICE_NAME":"scim-api"',
    ),
  )!;
  const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const statements = resourcesOf('api', 'AWS::IAM::Policy', target)
    .filter(([, policy]) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      ([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
    );
  return { id, fn, statements };
}

const actions = (statements: Statement[], prefix: string) =>
  [
    ...new Set(
      statements
        .flatMap((statement) => [statement.Action].flat())
        .filter((a) => a.startsWith(prefix)),
    ),
  ].sort();

describe('the directory stack', () => {
  it('holds one table: pk/sk, on demand, PITR, encrypted, the byMember (keys only) and byKind indexes', () => {
    const tables = resourcesOf('directory', 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    const indexes = table.Properties['GlobalSecondaryIndexes'] as {
      IndexName: string;
      Projection: { ProjectionType: string };
    }[];
    expect(indexes.map((index) => [index.IndexName, index.Projection.ProjectionType])).toEqual([
      ['byMember', 'KEYS_ONLY'],
      ['byKind', 'ALL'],
    ]);
  });

  it('holds the token-digest secret, generated with no digest (nothing accepted until one is stored), no plaintext', () => {
    const secrets = resourcesOf('directory', 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0]!;
    expect(secret.Properties['SecretString']).toBeUndefined();
    expect(secret.Properties['GenerateSecretString']).toMatchObject({
      SecretStringTemplate: '{"sha256":[]}',
    });
  });

  it('keeps the table and secret in production, deletes them with a sandbox', () => {
    const kept = (target: 'sandbox' | 'prod') =>
      [
        ...resourcesOf('directory', 'AWS::DynamoDB::Table', target),
        ...resourcesOf('directory', 'AWS::SecretsManager::Secret', target),
      ].map(([, resource]) => resource.DeletionPolicy);
    expect(kept('prod')).toEqual(['Retain', 'Retain']);
    expect(kept('sandbox')).toEqual(['Delete', 'Delete']);
    expect(
      resourcesOf('directory', 'AWS::DynamoDB::Table', 'prod')[0]![1].Properties,
    ).toMatchObject({ DeletionProtectionEnabled: true });
  });
});

describe('the SCIM function', () => {
  it('is told the table, the secret and the cache time; never a secret value', () => {
    const variables = (
      scimFunction().fn.Properties['Environment'] as { Variables: Record<string, unknown> }
    ).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'DIRECTORY_TABLE_NAME',
        'SCIM_TOKEN_SECRET_ARN',
        'SCIM_TOKEN_CACHE_SECONDS',
      ]),
    );
    expect(variables['SCIM_TOKEN_SHA256']).toBeUndefined();
    expect(variables['SCIM_TOKEN_CACHE_SECONDS']).toBe(
      String(scimSettingsFor('sandbox').tokenCacheSeconds),
    );
  });

  it('may use the directory table, its two indexes and the one secret: named actions, no wildcard', () => {
    const { statements } = scimFunction();
    expect(actions(statements, 'dynamodb:')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(actions(statements, 'secretsmanager:')).toEqual(['secretsmanager:GetSecretValue']);
    const scoped = statements.filter((statement) =>
      [statement.Action].flat().some((a) => /^(dynamodb|secretsmanager):/.test(a)),
    );
    const text = JSON.stringify(scoped.map((statement) => statement.Resource));
    expect(text).not.toContain('"*"');
    expect(text).toMatch(/Directory/);
    expect(text).toContain('/index/byMember');
    expect(text).toContain('/index/byKind');
    expect(text).toMatch(/ScimTokenHashes/);
    // Nothing of the usage tables or the catalog's models; of KMS only the audit key's
    // GenerateDataKey (its records are SSE-KMS objects: tests/infra/audit.test.ts).
    expect(actions(statements, 'kms:')).toEqual(['kms:GenerateDataKey']);
    expect(
      JSON.stringify(
        statements
          .filter((s) => [s.Action].flat().includes('kms:GenerateDataKey'))
          .map((s) => s.Resource),
      ),
    ).toMatch(/AuditKey/);
    expect(actions(statements, 'bedrock:')).toEqual([]);
  });
});

describe('the SCIM route', () => {
  const methods = () =>
    resourcesOf('api', 'AWS::ApiGateway::Method').filter(([, method]) =>
      JSON.stringify(method.Properties['Integration'] ?? {}).includes(scimFunction().id),
    );

  it('serves GET, POST, PUT, PATCH and DELETE on /scim/v2/{proxy+} through the SCIM function, without the token authorizer', () => {
    const found = methods();
    expect(found.map(([, method]) => method.Properties['HttpMethod']).sort()).toEqual(
      [...SCIM_METHODS].sort(),
    );
    for (const [, method] of found) {
      expect(method.Properties['AuthorizationType']).toBe('NONE');
      expect(method.Properties['AuthorizerId']).toBeUndefined();
      expect(method.Properties['Integration']).toMatchObject({ Type: 'AWS_PROXY' });
    }
    const resources = resourcesOf('api', 'AWS::ApiGateway::Resource').map(
      ([, resource]) => resource.Properties['PathPart'],
    );
    expect(resources).toEqual(expect.arrayContaining(['scim', 'v2', '{proxy+}']));
  });

  it('every other method keeps the token authorizer', () => {
    const scimIds = new Set(methods().map(([id]) => id));
    const others = resourcesOf('api', 'AWS::ApiGateway::Method').filter(
      ([id, method]) => !scimIds.has(id) && method.Properties['HttpMethod'] !== 'OPTIONS',
    );
    expect(others.length).toBeGreaterThan(10);
    for (const [id, method] of others)
      expect(method.Properties['AuthorizationType'], id).toBe('CUSTOM');
  });

  it.each(['sandbox', 'prod'] as const)(
    '%s: each SCIM method has its own throttle on the stage, data trace off',
    (target) => {
      const settings = scimSettingsFor(target === 'prod' ? 'prod' : 'sandbox');
      const [[, stage]] = resourcesOf('api', 'AWS::ApiGateway::Stage', target);
      const scim = (stage!.Properties['MethodSettings'] as Record<string, unknown>[]).filter(
        (setting) => setting['ResourcePath'] === '/~1scim~1v2~1{proxy+}',
      );
      expect(scim.map((setting) => setting['HttpMethod']).sort()).toEqual([...SCIM_METHODS].sort());
      for (const setting of scim)
        expect(setting).toMatchObject({
          ThrottlingRateLimit: settings.throttleRateLimit,
          ThrottlingBurstLimit: settings.throttleBurstLimit,
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
        });
    },
  );

  it('is behind the web ACL: the ACL is associated with the stage that serves it', () => {
    const [[stageId]] = resourcesOf('api', 'AWS::ApiGateway::Stage');
    const associations = resourcesOf('api', 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    expect(JSON.stringify(associations[0]![1].Properties['ResourceArn'])).toContain(stageId!);
  });
});
