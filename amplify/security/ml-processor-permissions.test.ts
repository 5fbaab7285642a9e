import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../local/models/local-catalog.ts';
import {
  standInFunction,
  statementsOfFunction,
  type TemplateStatement,
} from '../../tests/support/construct-stand-ins.ts';
import { CATALOG, type CatalogEntry, profileFoundationModel } from '../catalog.ts';
import { MlProcessorPermissions } from './ml-processor-permissions.ts';

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

/** The construct alone, granting `entries` to four stand-in functions. */
function permissionsTemplate(entries: readonly CatalogEntry[]): Template {
  const stack = new Stack(new App(), 'Processors');
  const fn = (id: string) => standInFunction(stack, id);
  new MlProcessorPermissions(stack, 'Permissions', {
    bedrock: { buffered: fn('BedrockBuffered'), streaming: fn('BedrockStreaming') },
    sagemaker: { buffered: fn('SageMakerBuffered'), streaming: fn('SageMakerStreaming') },
    entries,
  });
  return Template.fromStack(stack);
}

const template = permissionsTemplate(CATALOG);

/** The policy statements attached to the role of the function whose logical id starts with `prefix`. */
const statementsOf = (prefix: string) => statementsOfFunction(template, prefix);

/** Resources (rendered) granted for an action. */
function resourcesFor(statements: TemplateStatement[], action: string): string[] {
  return statements
    .filter((statement) => asList(statement.Action).includes(action))
    .flatMap((statement) => asList(statement.Resource).map(render));
}

const aws = CATALOG;
const local = LOCAL_CATALOG;

const bedrockArns = aws.flatMap((entry) => {
  if (entry.provider !== 'bedrock') return [];
  const base = '${AWS::Partition}:bedrock:';
  if (!entry.profileRegions)
    return [`arn:${base}\${AWS::Region}::foundation-model/${entry.modelId}`];
  return [
    `arn:${base}\${AWS::Region}:\${AWS::AccountId}:inference-profile/${entry.modelId}`,
    ...entry.profileRegions.map(
      (region) => `arn:${base}${region}::foundation-model/${profileFoundationModel(entry.modelId)}`,
    ),
  ];
});
const endpointArns = (mode: string) =>
  aws
    .filter((entry) => entry.provider === 'sagemaker' && entry.mode === mode)
    .map(
      (entry) =>
        `arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/${(entry as { endpointName: string }).endpointName.toLowerCase()}`,
    )
    .sort();
const bedrockBuffered = () => statementsOf('BedrockBuffered');
const bedrockStreaming = () => statementsOf('BedrockStreaming');
const sagemakerBuffered = () => statementsOf('SageMakerBuffered');
const sagemakerStreaming = () => statementsOf('SageMakerStreaming');
const everyFunction = () => [
  bedrockBuffered(),
  bedrockStreaming(),
  sagemakerBuffered(),
  sagemakerStreaming(),
];
/** The actions a function's role may perform, sorted and without duplicates. */
const actionsOf = (statements: TemplateStatement[]) =>
  [...new Set(statements.flatMap((statement) => asList(statement.Action)))].sort();

describe('MlProcessorPermissions (least privilege from the catalog)', () => {
  it('never grants a model, endpoint or S3 action on "*"', () => {
    for (const statements of everyFunction()) {
      const modelActions = statements.filter((statement) =>
        asList(statement.Action).some((action) => /^(bedrock|sagemaker|s3):/.test(action)),
      );
      expect(modelActions.length).toBeGreaterThan(0);
      for (const statement of modelActions)
        for (const resource of asList(statement.Resource)) expect(render(resource)).not.toBe('*');
    }
  });

  it('grants Bedrock on exactly the catalog models, profiles and profile regions', () => {
    expect(bedrockArns).toContain(
      'arn:${AWS::Partition}:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0',
    );
    expect(bedrockArns).toContain(
      'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0',
    );
    expect(resourcesFor(bedrockBuffered(), 'bedrock:InvokeModel').sort()).toEqual(
      [...bedrockArns].sort(),
    );
    // Embedding models are only invoked, never streamed.
    const embeddingArn =
      'arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/amazon.titan-embed-text-v2:0';
    expect(bedrockArns).toContain(embeddingArn);
    expect(
      resourcesFor(bedrockStreaming(), 'bedrock:InvokeModelWithResponseStream').sort(),
    ).toEqual(bedrockArns.filter((arn) => arn !== embeddingArn).sort());
  });

  it('gives each function only the actions of its routes: its provider, its kind', () => {
    expect(actionsOf(bedrockBuffered())).toEqual(['bedrock:InvokeModel']);
    expect(actionsOf(bedrockStreaming())).toEqual(['bedrock:InvokeModelWithResponseStream']);
    expect(actionsOf(sagemakerBuffered())).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sagemaker:InvokeEndpoint',
      'sagemaker:InvokeEndpointAsync',
    ]);
    expect(actionsOf(sagemakerStreaming())).toEqual(['sagemaker:InvokeEndpointWithResponseStream']);
  });

  it('grants each SageMaker endpoint only the invoke action of its mode', () => {
    expect(resourcesFor(sagemakerBuffered(), 'sagemaker:InvokeEndpoint').sort()).toEqual(
      endpointArns('sync'),
    );
    expect(resourcesFor(sagemakerBuffered(), 'sagemaker:InvokeEndpointAsync').sort()).toEqual(
      endpointArns('async'),
    );
    expect(
      resourcesFor(sagemakerStreaming(), 'sagemaker:InvokeEndpointWithResponseStream').sort(),
    ).toEqual(endpointArns('streaming'));
    expect(endpointArns('sync')).toHaveLength(2);
  });

  it('limits S3 to the async endpoints’ input and output prefixes', () => {
    expect(resourcesFor(sagemakerBuffered(), 's3:PutObject')).toEqual([
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/inputs/*',
    ]);
    expect(resourcesFor(sagemakerBuffered(), 's3:GetObject').sort()).toEqual([
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/inputs/*',
      'arn:${AWS::Partition}:s3:::ml-gateway-async-inference/outputs/*',
    ]);
    const list = sagemakerBuffered().filter((statement) =>
      asList(statement.Action).includes('s3:ListBucket'),
    );
    expect(list).toHaveLength(1);
    expect(render(list[0]!.Resource)).toBe('arn:${AWS::Partition}:s3:::ml-gateway-async-inference');
    expect(list[0]!.Condition).toEqual({
      StringLike: { 's3:prefix': ['inputs/*', 'outputs/*'] },
    });
  });

  it('lists only within the async prefixes, the way the status route tells a missing key', () => {
    const [list] = sagemakerBuffered().filter((statement) =>
      asList(statement.Action).includes('s3:ListBucket'),
    );
    expect(list!.Sid).toMatch(/^ListAsyncInferencePrefixes/);
    // The status route lists exactly the key it read: a job record or an output.
    const patterns = (list!.Condition as { StringLike: { 's3:prefix': string[] } }).StringLike[
      's3:prefix'
    ].map((pattern) => new RegExp(`^${pattern.replace('*', '.+')}$`));
    for (const key of ['inputs/sub-1/job-1.job.json', 'outputs/abc.out', 'outputs/failures/x.out'])
      expect(
        patterns.some((pattern) => pattern.test(key)),
        key,
      ).toBe(true);
  });

  it('gives no function AWS Marketplace rights (model first use is an admin step)', () => {
    const granted = everyFunction()
      .flatMap((statements) => statements)
      .flatMap((statement) => asList(statement.Action));
    expect(granted.filter((action) => action.startsWith('aws-marketplace:'))).toEqual([]);
  });

  it('grants nothing for the local models', () => {
    const granted = JSON.stringify(everyFunction());
    for (const entry of local) {
      const name = entry.provider === 'bedrock' ? entry.modelId : entry.endpointName;
      expect(granted).not.toContain(name);
    }
    expect(granted).not.toContain('local-ml-async');
  });
});

describe('MlProcessorPermissions: Bedrock guardrails', () => {
  const named: CatalogEntry[] = [
    ...CATALOG,
    {
      ...(CATALOG.find((entry) => entry.provider === 'bedrock') as CatalogEntry),
      id: 'guarded-model',
      guardrails: { groups: { MLUsers: 'local-guardrail' } },
    },
  ];
  const guarded = permissionsTemplate(named);
  const applyOf = (prefix: string) =>
    resourcesFor(statementsOfFunction(guarded, prefix), 'bedrock:ApplyGuardrail');

  const functions = [
    'BedrockBuffered',
    'BedrockStreaming',
    'SageMakerBuffered',
    'SageMakerStreaming',
  ];

  it('lets every processor apply exactly the guardrails the catalog’s policies name', () => {
    const arn =
      'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:guardrail/localguardrail';
    for (const prefix of functions) expect(applyOf(prefix), prefix).toEqual([arn]);
  });

  it('grants ApplyGuardrail on nothing when no policy names a Bedrock guardrail', () => {
    for (const prefix of functions)
      expect(resourcesFor(statementsOf(prefix), 'bedrock:ApplyGuardrail'), prefix).toEqual([]);
  });
});
