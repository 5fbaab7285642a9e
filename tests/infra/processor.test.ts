import { describe, expect, it } from 'vitest';
import { entriesFor, profileFoundationModel } from '../../amplify/catalog.ts';
import { nestedStack } from './assembly.ts';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Renders CloudFormation ARN expressions as text: `{Ref: AWS::Region}` becomes `${AWS::Region}`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return `\${${String(node['Ref'])}}`;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The policy statements attached to the role of the function whose logical id starts with `prefix`. */
function statementsOf(prefix: string): Statement[] {
  const resources = nestedStack('api').toJSON()['Resources'] as Record<string, Resource>;
  const fnId = Object.keys(resources).find(
    (id) => id.startsWith(prefix) && resources[id]!.Type === 'AWS::Lambda::Function',
  );
  expect(fnId, `function ${prefix}`).toBeDefined();
  const roleRef = (resources[fnId!]!.Properties['Role'] as { 'Fn::GetAtt': string[] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleRef),
    )
    .flatMap(
      (policy) =>
        (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement ?? [],
    );
}

/** Resources (rendered) granted for an action. */
function resourcesFor(statements: Statement[], action: string): string[] {
  return statements
    .filter((statement) => asList(statement.Action).includes(action))
    .flatMap((statement) => asList(statement.Resource).map(render));
}

const aws = entriesFor(false);
const local = entriesFor(true);

describe.each(['mlprocessorlambda', 'mlstreamprocessorlambda'])('%s IAM', (prefix) => {
  const statements = () => statementsOf(prefix);

  it('never grants a model or endpoint action on "*"', () => {
    const modelActions = statements().filter((statement) =>
      asList(statement.Action).some((action) => /^(bedrock|sagemaker|s3):/.test(action)),
    );
    expect(modelActions.length).toBeGreaterThan(0);
    for (const statement of modelActions)
      for (const resource of asList(statement.Resource)) expect(render(resource)).not.toBe('*');
  });

  it('grants Bedrock invoke on exactly the catalog models, profiles and profile regions', () => {
    const expected = aws.flatMap((entry) => {
      if (entry.provider !== 'bedrock') return [];
      const base = '${AWS::Partition}:bedrock:';
      if (!entry.profileRegions)
        return [`arn:${base}\${AWS::Region}::foundation-model/${entry.modelId}`];
      return [
        `arn:${base}\${AWS::Region}:\${AWS::AccountId}:inference-profile/${entry.modelId}`,
        ...entry.profileRegions.map(
          (region) =>
            `arn:${base}${region}::foundation-model/${profileFoundationModel(entry.modelId)}`,
        ),
      ];
    });
    expect(expected).toContain(
      'arn:${AWS::Partition}:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0',
    );
    for (const action of ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'])
      expect(resourcesFor(statements(), action).sort()).toEqual([...expected].sort());
  });

  it('grants each SageMaker endpoint only the invoke action of its mode', () => {
    const arn = (name: string) =>
      `arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/${name.toLowerCase()}`;
    const byMode = (mode: string) =>
      aws
        .filter((entry) => entry.provider === 'sagemaker' && entry.mode === mode)
        .map((entry) => arn((entry as { endpointName: string }).endpointName))
        .sort();
    expect(resourcesFor(statements(), 'sagemaker:InvokeEndpoint').sort()).toEqual(byMode('sync'));
    expect(resourcesFor(statements(), 'sagemaker:InvokeEndpointWithResponseStream').sort()).toEqual(
      byMode('streaming'),
    );
    expect(resourcesFor(statements(), 'sagemaker:InvokeEndpointAsync').sort()).toEqual(
      byMode('async'),
    );
  });

  it('limits S3 to the async endpoints’ input and output prefixes', () => {
    expect(resourcesFor(statements(), 's3:PutObject')).toEqual([
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/inputs/*',
    ]);
    expect(resourcesFor(statements(), 's3:GetObject').sort()).toEqual([
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/inputs/*',
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/outputs/*',
    ]);
    const list = statements().filter((statement) =>
      asList(statement.Action).includes('s3:ListBucket'),
    );
    expect(list).toHaveLength(1);
    expect(list[0]!.Condition).toEqual({
      StringLike: { 's3:prefix': ['inputs/*', 'outputs/*'] },
    });
  });

  it('grants nothing for the local models', () => {
    const granted = JSON.stringify(statements());
    for (const entry of local) {
      const name = entry.provider === 'bedrock' ? entry.modelId : entry.endpointName;
      expect(granted).not.toContain(name);
    }
    expect(granted).not.toContain('local-ml-async');
  });
});

describe('processor functions', () => {
  const functions = () =>
    Object.entries(nestedStack('api').toJSON()['Resources'] as Record<string, Resource>).filter(
      ([id, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && /^ml(stream)?processorlambda/.test(id),
    );

  it('run on Node.js 24 with the body limit from the settings and no endpoint overrides', () => {
    expect(functions()).toHaveLength(2);
    for (const [, fn] of functions()) {
      expect(fn.Properties['Runtime']).toBe('nodejs24.x');
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables['MAX_BODY_BYTES']).toBe('262144');
      expect(variables['ALLOWED_ORIGINS']).toBe('http://localhost:4200');
      for (const name of ['BEDROCK_ENDPOINT', 'SAGEMAKER_ENDPOINT', 'S3_ENDPOINT', 'LOCAL_MODELS'])
        expect(variables[name]).toBeUndefined();
    }
  });

  it('give the buffered function a deadline inside API Gateway’s 29 s, the streaming one 15 min', () => {
    const byId = Object.fromEntries(
      functions().map(([id, fn]) => [id.startsWith('mlstream') ? 'stream' : 'buffered', fn]),
    );
    expect(byId['buffered']!.Properties['Timeout']).toBe(30);
    expect(byId['stream']!.Properties['Timeout']).toBe(900);
    const upstream = (fn: Resource) =>
      Number(
        (fn.Properties['Environment'] as { Variables: Record<string, string> }).Variables[
          'UPSTREAM_TIMEOUT_MS'
        ],
      );
    expect(upstream(byId['buffered']!)).toBeLessThan(29_000);
    expect(upstream(byId['stream']!)).toBeLessThan(900_000);
  });
});
