import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Validator } from 'jsonschema';
import { describe, expect, it } from 'vitest';

import { MAX_MODEL_ID_CHARS } from '../contract/request-bodies.ts';
import { bodySchemaOf } from '../contract/route-bodies.ts';
import { ROUTES } from '../contract/routes.ts';
import { requestSchemaFor } from './request-models.ts';

/** The model API Gateway receives for a route, as CloudFormation renders it. */
function deployedModel(method: 'POST', path: string): Record<string, unknown> {
  const stack = new Stack(new App(), 'Models');
  const api = new RestApi(stack, 'Api');
  api.root.addMethod('GET');
  api.addModel('Body', {
    contentType: 'application/json',
    schema: requestSchemaFor(method, path)!,
  });
  const [model] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Model'));
  return (model as { Properties: { Schema: Record<string, unknown> } }).Properties.Schema;
}

/** Whether API Gateway's draft-4 validation would let the body through. */
const gatewayAccepts = (model: Record<string, unknown>, body: unknown) =>
  new Validator().validate(body, model).valid;

describe('request models generated from the contract', () => {
  it('are JSON Schema draft 4, which API Gateway models use', () => {
    expect(deployedModel('POST', '/ml/bedrock')['$schema']).toBe(
      'http://json-schema.org/draft-04/schema#',
    );
  });

  it('exist for exactly the routes whose body the contract describes', () => {
    for (const route of ROUTES)
      expect(requestSchemaFor(route.method, route.path) !== undefined, route.path).toBe(
        bodySchemaOf(route) !== undefined,
      );
    expect(requestSchemaFor('POST', '/ml/bedrock/stream')).toBeDefined();
    expect(requestSchemaFor('GET', '/ml/models')).toBeUndefined();
  });

  it.each([
    ['/ml/bedrock', 'modelId', { prompt: 'hi' }],
    ['/ml/sagemaker', 'modelName', { inputData: { text: 'hi' } }],
  ] as const)('agree with zod on the longest %s %s', (path, field, rest) => {
    const model = deployedModel('POST', path);
    const schema = bodySchemaOf({ method: 'POST', path })!;
    const longest = { [field]: 'm'.repeat(MAX_MODEL_ID_CHARS), ...rest };
    const tooLong = { [field]: 'm'.repeat(MAX_MODEL_ID_CHARS + 1), ...rest };
    expect(schema.safeParse(longest).success).toBe(true);
    expect(gatewayAccepts(model, longest)).toBe(true);
    expect(schema.safeParse(tooLong).success).toBe(false);
    expect(gatewayAccepts(model, tooLong)).toBe(false);
  });

  it('agree with zod on parameter ranges', () => {
    const model = deployedModel('POST', '/ml/bedrock');
    const schema = bodySchemaOf({ method: 'POST', path: '/ml/bedrock' })!;
    for (const [temperature, valid] of [
      [1, true],
      [1.01, false],
    ] as const) {
      const body = { modelId: 'm', prompt: 'hi', parameters: { temperature } };
      expect(schema.safeParse(body).success).toBe(valid);
      expect(gatewayAccepts(model, body)).toBe(valid);
    }
  });

  it('leave unknown fields to the function, whose 400 names the field', () => {
    const model = deployedModel('POST', '/ml/bedrock');
    const body = { modelId: 'm', prompt: 'hi', extra: true };
    expect(gatewayAccepts(model, body)).toBe(true);
    expect(bodySchemaOf({ method: 'POST', path: '/ml/bedrock' })!.safeParse(body).success).toBe(
      false,
    );
  });
});
