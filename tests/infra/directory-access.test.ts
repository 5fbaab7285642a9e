/**
 * Access on the directory in the synthesized backend: the authorizer and every function behind
 * the cached authorizer read the directory (and the processors a key's status) with read-only
 * rights on exactly those resources; the SCIM function may sign users out of the one user
 * pool; the incomplete-groups alarm watches the trigger's metric.
 */
import { describe, expect, it } from 'vitest';

import { GROUP_CLAIMS_METRIC } from '../../amplify/auth/group-mapping/group-claims-metric.ts';
import { resourcesOf } from './assembly.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** The marker in each function's environment that tells it apart. */
const MARKERS: Record<string, string> = {
  'api-authorizer': 'USER_POOL_CLIENT_ID',
  'ml-processor': '"ml-processor"',
  'usage-api': 'CONVERSATIONS_TABLE_NAME',
  'scim-api': '"scim-api"',
};

/** Every function of the api stack: its environment and role statements. */
function apiFunctions() {
  const policies = resourcesOf('api', 'AWS::IAM::Policy');
  return resourcesOf('api', 'AWS::Lambda::Function').map(([id, fn]) => {
    const variables =
      (fn.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt'?: string[] })['Fn::GetAtt']?.[0];
    const statements = policies
      .filter(([, policy]) =>
        ((policy.Properties['Roles'] as { Ref: string }[] | undefined) ?? []).some(
          (role) => role.Ref === roleId,
        ),
      )
      .flatMap(
        ([, policy]) =>
          (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
      );
    return { id, text: JSON.stringify(variables), variables, statements };
  });
}

const fnOf = (service: string) => {
  const found = apiFunctions().filter((fn) => fn.text.includes(MARKERS[service]!));
  if (found.length === 0) throw new Error(`No function of service ${service}`);
  return found;
};
const onResource = (statements: Statement[], pattern: RegExp) =>
  statements.filter((statement) => pattern.test(JSON.stringify(statement.Resource)));
const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();

// The directory table lives in the directory stack: the api stack sees it through parameters.
const DIRECTORY_TABLE = /directory[A-Za-z0-9]*Directory[A-Za-z0-9]*Arn/i;

describe('functions that decide on the directory', () => {
  it.each(['api-authorizer', 'ml-processor', 'usage-api'])(
    '%s reads the directory (GetItem, BatchGetItem; Query on byMember only) and writes nothing there',
    (service) => {
      for (const fn of fnOf(service)) {
        expect(fn.variables).toMatchObject({
          DIRECTORY_ACCESS: 'off',
          DIRECTORY_ACCESS_CACHE_SECONDS: '60',
        });
        expect(JSON.stringify(fn.variables['DIRECTORY_TABLE_NAME'])).toMatch(/directory/i);
        const directory = onResource(fn.statements, DIRECTORY_TABLE);
        expect(actionsOf(directory)).toEqual([
          'dynamodb:BatchGetItem',
          'dynamodb:GetItem',
          'dynamodb:Query',
        ]);
        const query = directory.filter((s) => [s.Action].flat().includes('dynamodb:Query'));
        expect(JSON.stringify(query.map((s) => s.Resource))).toMatch(/\/index\/byMember"/);
        expect(JSON.stringify(query.map((s) => s.Resource))).not.toContain('byKind');
      }
    },
  );

  it('every ML processor re-checks a key’s revocation with GetItem on the key table only', () => {
    const [[keyTableId]] = resourcesOf('api', 'AWS::DynamoDB::Table').filter(([, table]) =>
      JSON.stringify(table.Properties['KeySchema']).includes('keyId'),
    ) as [[string, Resource]];
    const processors = fnOf('ml-processor');
    expect(processors).toHaveLength(4);
    for (const fn of processors) {
      expect(fn.variables).toMatchObject({
        API_KEY_TABLE_NAME: { Ref: keyTableId },
        API_KEYS_STATUS_CACHE_SECONDS: '60',
      });
      const onKeys = fn.statements.filter(
        (s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [keyTableId, 'Arn'] }),
      );
      expect(actionsOf(onKeys)).toEqual(['dynamodb:GetItem']);
    }
  });
});

describe('SCIM deprovisioning', () => {
  it('may call AdminUserGlobalSignOut on the user pool and nothing else of Cognito', () => {
    const [scim] = fnOf('scim-api');
    expect(JSON.stringify(scim!.variables['SIGN_OUT_USER_POOL_ID'])).toMatch(/UserPool/);
    const cognito = scim!.statements.filter((s) =>
      [s.Action].flat().some((action) => action.startsWith('cognito-idp:')),
    );
    expect(cognito).toHaveLength(1);
    expect(cognito[0]!.Action).toBe('cognito-idp:AdminUserGlobalSignOut');
    expect(cognito[0]!.Effect).toBe('Allow');
    // One resource: the pool's ARN (a parameter from the auth stack), never a wildcard.
    expect(cognito[0]!.Resource).toEqual({ Ref: expect.stringMatching(/UserPool.*Arn/) });
  });
});

describe('incomplete SAML groups', () => {
  it('the trigger knows its deployment (the metric’s dimension)', () => {
    const trigger = resourcesOf('auth', 'AWS::Lambda::Function').find(([, fn]) =>
      /group-?mapping/i.test(JSON.stringify(fn.Properties)),
    );
    expect(trigger).toBeDefined();
    expect(
      (trigger![1].Properties['Environment'] as { Variables: Record<string, unknown> }).Variables[
        'DEPLOYMENT_NAME'
      ],
    ).toEqual(expect.any(String));
  });

  it('has an alarm on any sign-in with incomplete groups, on the trigger’s metric of this deployment', () => {
    const alarms = resourcesOf('api', 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
      String(alarm.Properties['AlarmDescription']).includes('(EntraGroupClaimsIncomplete)'),
    );
    expect(alarms).toHaveLength(1);
    const [, alarm] = alarms[0]!;
    expect(alarm.Properties).toMatchObject({
      Namespace: GROUP_CLAIMS_METRIC.namespace,
      MetricName: GROUP_CLAIMS_METRIC.name,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Properties['Dimensions']).toEqual(
      expect.arrayContaining([
        { Name: 'service', Value: GROUP_CLAIMS_METRIC.service },
        { Name: GROUP_CLAIMS_METRIC.deploymentDimension, Value: expect.any(String) },
      ]),
    );
    expect(JSON.stringify(alarm.Properties['AlarmActions'])).toMatch(/Topic/);
  });
});
