/**
 * The editable group mapping in the synthesized backend: its table in a stack of its own, the
 * pre-token trigger's right to read exactly that table (GetItem, nothing else), the usage API's
 * to read and replace it, and both told the table's name and the cache setting.
 */
import { describe, expect, it } from 'vitest';

import { GROUP_MAPPING_ENV } from '../../amplify/auth/group-mapping/group-mapping-table-definition.ts';
import { resourcesOf } from './assembly.ts';
import type { SynthTarget } from './synth-targets.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** The functions of `stack` whose environment holds every one of `markers`. */
const functionsWithEnv = (stack: string, markers: string[], target: SynthTarget = 'sandbox') =>
  resourcesOf(stack, 'AWS::Lambda::Function', target)
    .filter(([, candidate]) => {
      const env = JSON.stringify(candidate.Properties['Environment'] ?? {});
      return markers.every((marker) => env.includes(marker));
    })
    .map(([, fn]) => withStatements(stack, fn, target));

/** A function of `stack` told by its environment, and every statement of its role's policies. */
function functionWithEnv(
  stack: string,
  marker: string | string[],
  target: SynthTarget = 'sandbox',
) {
  const [first] = functionsWithEnv(stack, [marker].flat(), target);
  if (!first) throw new Error(`no function in ${stack} with ${String(marker)}`);
  return first;
}

function withStatements(stack: string, fn: Resource, target: SynthTarget) {
  const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const statements = resourcesOf(stack, 'AWS::IAM::Policy', target)
    .filter(([, policy]) =>
      (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      ([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
    );
  const env = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
  return { fn, statements, env };
}

const dynamoStatements = (statements: Statement[]) =>
  statements.filter((statement) =>
    [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
  );

/** The nested-stack parameter (or output reference) that carries the table's ARN. */
const isTableArnOf = (resource: unknown) => JSON.stringify(resource).match(/GroupMapping/);

describe('the group-mapping table', () => {
  it('is one on-demand, encrypted table with point-in-time recovery, keyed by pk, in its own stack', () => {
    const tables = resourcesOf('groupMapping', 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    expect(tables[0]![1].Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('is kept, and protected from deletion, in production', () => {
    const [[, table]] = resourcesOf('groupMapping', 'AWS::DynamoDB::Table', 'prod') as [
      [string, Resource],
    ];
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties['DeletionProtectionEnabled']).toBe(true);
  });

  it('is readable by the pre-token trigger with GetItem on exactly that table, nothing more', () => {
    const trigger = functionWithEnv('auth', GROUP_MAPPING_ENV.table);
    expect(trigger.env[GROUP_MAPPING_ENV.cacheSeconds]).toBe('5');
    const statements = dynamoStatements(trigger.statements);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'dynamodb:GetItem' });
    expect([statements[0]!.Resource].flat()).toHaveLength(1);
    expect(isTableArnOf(statements[0]!.Resource)).toBeTruthy();
  });

  it('is read and replaced by the usage API with GetItem and PutItem on that table only', () => {
    const usageApi = functionWithEnv('api', [GROUP_MAPPING_ENV.table, 'usage-api']);
    const statements = dynamoStatements(usageApi.statements).filter((statement) =>
      isTableArnOf(statement.Resource),
    );
    expect(statements).toHaveLength(1);
    expect([statements[0]!.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect([statements[0]!.Resource].flat()).toHaveLength(1);
  });

  it('is read, with GetItem only, by the authorizer and the four processors (decisions on the directory)', () => {
    const readers = functionsWithEnv('api', [GROUP_MAPPING_ENV.table]).filter(
      (fn) => !JSON.stringify(fn.env).includes('usage-api'),
    );
    // The authorizer is the one told the user pool; the processors name their service.
    const roles = readers
      .map((fn) =>
        fn.env['USER_POOL_ID'] ? 'authorizer' : String(fn.env['POWERTOOLS_SERVICE_NAME']),
      )
      .sort();
    expect(roles).toEqual([
      'authorizer',
      'ml-processor',
      'ml-processor',
      'ml-processor',
      'ml-processor',
    ]);
    for (const reader of readers) {
      const statements = dynamoStatements(reader.statements).filter((statement) =>
        isTableArnOf(statement.Resource),
      );
      expect(statements).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:GetItem' }),
      ]);
      expect([statements[0]!.Resource].flat()).toHaveLength(1);
    }
  });

  it('keeps the cache at 60 s or less in production', () => {
    const trigger = functionWithEnv('auth', GROUP_MAPPING_ENV.table, 'prod');
    expect(Number(trigger.env[GROUP_MAPPING_ENV.cacheSeconds])).toBeLessThanOrEqual(60);
  });
});
