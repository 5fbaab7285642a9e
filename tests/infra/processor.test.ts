import { describe, expect, it } from 'vitest';

import { ROUTES } from '../../amplify/contract/routes.ts';
import { nestedStack } from './assembly.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** The processor functions by provider and kind, as amplify/backend.ts defines them. */
const PROCESSORS = {
  bedrock: { buffered: 'ml-bedrock-processor', streaming: 'ml-bedrock-stream-processor' },
  sagemaker: { buffered: 'ml-sagemaker-processor', streaming: 'ml-sagemaker-stream-processor' },
} as const;
const NAMES = Object.values(PROCESSORS).flatMap((pair) => Object.values(pair));

const resources = () =>
  Object.entries(nestedStack('api').toJSON()['Resources'] as Record<string, Resource>);

/** Logical id of a processor function (`ml-bedrock-processor` → `mlbedrockprocessorlambda…`). */
function functionId(name: string): string {
  const ids = resources()
    .filter(
      ([id, resource]) =>
        resource.Type === 'AWS::Lambda::Function' &&
        id.startsWith(`${name.replace(/-/g, '')}lambda`),
    )
    .map(([id]) => id);
  expect(ids, name).toHaveLength(1);
  return ids[0]!;
}

const propertiesOf = (name: string) =>
  resources().find(([id]) => id === functionId(name))![1].Properties;

/** Every action the function's role may perform (its inline policies). */
function actionsOf(name: string): string[] {
  const role = (propertiesOf(name)['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return resources()
    .filter(
      ([, resource]) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties['Roles'] as { Ref: string }[]).some((r) => r.Ref === role),
    )
    .flatMap(
      ([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement,
    )
    .flatMap((statement) => [statement.Action].flat());
}

const modelActions = (name: string) =>
  [...new Set(actionsOf(name).filter((action) => /^(bedrock|sagemaker|s3):/.test(action)))].sort();

// The IAM statements' resources are asserted on the construct alone:
// amplify/security/ml-processor-permissions.test.ts.
describe('processor functions (one buffered and one streaming per provider)', () => {
  it('run on Node.js 24 with the body limit from the settings and no endpoint overrides', () => {
    for (const name of NAMES) {
      const fn = propertiesOf(name);
      expect(fn['Runtime'], name).toBe('nodejs24.x');
      const variables = (fn['Environment'] as { Variables: Record<string, unknown> }).Variables;
      expect(variables['MAX_BODY_BYTES']).toBe('262144');
      expect(variables['ALLOWED_ORIGINS']).toBe('http://localhost:4200');
      for (const variable of [
        'BEDROCK_ENDPOINT',
        'SAGEMAKER_ENDPOINT',
        'S3_ENDPOINT',
        'MODEL_CATALOG',
      ])
        expect(variables[variable]).toBeUndefined();
    }
  });

  it('give the buffered functions a deadline inside API Gateway’s 29 s, the streaming ones 15 min', () => {
    const upstream = (name: string) =>
      Number(
        (propertiesOf(name)['Environment'] as { Variables: Record<string, string> }).Variables[
          'UPSTREAM_TIMEOUT_MS'
        ],
      );
    for (const { buffered, streaming } of Object.values(PROCESSORS)) {
      expect(propertiesOf(buffered)['Timeout']).toBe(30);
      expect(propertiesOf(streaming)['Timeout']).toBe(900);
      expect(upstream(buffered)).toBeLessThan(29_000);
      expect(upstream(streaming)).toBeLessThan(900_000);
    }
  });

  it('grant the Bedrock functions Bedrock only, the SageMaker ones SageMaker and S3 only', () => {
    // Every function also writes its audit records (s3:PutObject on the audit bucket's records/*
    // only: tests/infra/audit.test.ts); no Bedrock function reads or writes any other object.
    expect(modelActions(PROCESSORS.bedrock.buffered)).toEqual([
      'bedrock:InvokeModel',
      's3:PutObject',
    ]);
    expect(modelActions(PROCESSORS.bedrock.streaming)).toEqual([
      'bedrock:InvokeModelWithResponseStream',
      's3:PutObject',
    ]);
    expect(modelActions(PROCESSORS.sagemaker.buffered)).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sagemaker:InvokeEndpoint',
      'sagemaker:InvokeEndpointAsync',
    ]);
    expect(modelActions(PROCESSORS.sagemaker.streaming)).toEqual([
      's3:PutObject',
      'sagemaker:InvokeEndpointWithResponseStream',
    ]);
  });

  it("integrate every ML route with its provider's function of its kind", () => {
    const methods = resources().filter(([, r]) => r.Type === 'AWS::ApiGateway::Method');
    const mlRoutes = ROUTES.filter((route) => route.target !== 'usage');
    expect(mlRoutes.length).toBeGreaterThan(0);
    for (const route of mlRoutes) {
      if (route.target === 'usage') continue;
      const method = methods.find(
        ([, m]) =>
          m.Properties['OperationName'] === route.description &&
          m.Properties['HttpMethod'] === route.method,
      );
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      const uri = JSON.stringify((method![1].Properties['Integration'] as { Uri: unknown }).Uri);
      const expected = PROCESSORS[route.target][route.streaming ? 'streaming' : 'buffered'];
      for (const name of NAMES)
        expect(uri.includes(`"${functionId(name)}"`), `${route.path} → ${name}`).toBe(
          name === expected,
        );
    }
  });
});
