import { readFileSync } from 'node:fs';
import path from 'node:path';

import { App, Errors, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';

import { primaryOrigin } from '../contract/gateway.ts';
import { GATEWAY_ERRORS } from '../contract/gateway-errors.ts';
import { type RouteDefinition, ROUTES } from '../contract/routes.ts';
import { type EnvironmentSettings, loadSettings } from '../settings/index.ts';
import { MlRestApi, type MlRestApiProps } from './rest-api.ts';

interface Resource {
  Properties: Record<string, unknown>;
}

const sandbox = loadSettings({}, { environment: 'sandbox' });
const lockedDown: EnvironmentSettings = {
  ...sandbox,
  api: {
    ...sandbox.api,
    endpointType: 'PRIVATE',
    vpcEndpointIds: ['vpce-0a1b2c3d4e5f60718', 'vpce-0f1e2d3c4b5a69788'],
  },
};

/** The stand-in functions' logical id prefixes, by the Amplify function each replaces. */
const STAND_INS = {
  'api-authorizer': 'Authorizer',
  'ml-bedrock-processor': 'BedrockBuffered',
  'ml-bedrock-stream-processor': 'BedrockStreaming',
  'ml-sagemaker-processor': 'SageMakerBuffered',
  'ml-sagemaker-stream-processor': 'SageMakerStreaming',
  'usage-api': 'Usage',
} as const;

/** The construct alone in a stack, with stand-in functions behind its targets. */
function restApiStack(
  settings: EnvironmentSettings,
  override: Partial<Pick<MlRestApiProps, 'routes' | 'targets'>> = {},
): Stack {
  const stack = new Stack(new App(), 'Api', { env: { region: 'eu-west-1' } });
  const fn = (id: string) =>
    new LambdaFunction(stack, id, {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({});'),
    });
  new MlRestApi(stack, 'MlRestApi', {
    settings,
    routes: override.routes ?? ROUTES,
    authorizerFunction: fn(STAND_INS['api-authorizer']),
    targets: override.targets ?? {
      bedrock: {
        buffered: fn(STAND_INS['ml-bedrock-processor']),
        streaming: fn(STAND_INS['ml-bedrock-stream-processor']),
      },
      sagemaker: {
        buffered: fn(STAND_INS['ml-sagemaker-processor']),
        streaming: fn(STAND_INS['ml-sagemaker-stream-processor']),
      },
      usage: { buffered: fn(STAND_INS['usage-api']) },
    },
  });
  return stack;
}

const restApiTemplate = (settings: EnvironmentSettings) =>
  Template.fromStack(restApiStack(settings));

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

/** Logical id of the stand-in for the Amplify function named (`api-authorizer`, ...). */
function functionId(template: Template, name: keyof typeof STAND_INS): string {
  const match = resourcesOf(template, 'AWS::Lambda::Function').find(([id]) =>
    id.startsWith(STAND_INS[name]),
  );
  if (!match) throw new Error(`no function ${name}`);
  return match[0];
}

/** The API Gateway resource path of an `AWS::ApiGateway::Method`, rebuilt from its parents. */
function methodPath(template: Template, method: Resource): string {
  const resources = template.findResources('AWS::ApiGateway::Resource') as Record<string, Resource>;
  const parts: string[] = [];
  let ref = method.Properties['ResourceId'] as { Ref?: string };
  while (ref.Ref && resources[ref.Ref]) {
    const resource = resources[ref.Ref]!;
    parts.unshift(resource.Properties['PathPart'] as string);
    ref = resource.Properties['ParentId'] as { Ref?: string };
  }
  return `/${parts.join('/')}`;
}

function methodFor(template: Template, httpMethod: string, path: string): Resource {
  const found = resourcesOf(template, 'AWS::ApiGateway::Method')
    .map(([, method]) => method)
    .find(
      (method) =>
        method.Properties['HttpMethod'] === httpMethod && methodPath(template, method) === path,
    );
  if (!found) throw new Error(`no method ${httpMethod} ${path}`);
  return found;
}

describe('MlRestApi', () => {
  const api = restApiTemplate(sandbox);

  it('is one REGIONAL REST API by default, with no resource policy', () => {
    api.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Policy: Match.absent(),
    });
  });

  it('has every route behind the TOKEN authorizer, the apiKeyHeader routes behind the REQUEST one', () => {
    const ids = Object.fromEntries(
      resourcesOf(api, 'AWS::ApiGateway::Authorizer').map(([id, resource]) => [
        resource.Properties['Type'] as string,
        id,
      ]),
    );
    expect(Object.keys(ids).sort()).toEqual(['REQUEST', 'TOKEN']);
    expect(ROUTES.some((route) => route.apiKeyHeader)).toBe(true);
    for (const route of ROUTES) {
      expect(methodFor(api, route.method, route.path).Properties, route.path).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: route.apiKeyHeader ? ids['REQUEST'] : ids['TOKEN'] },
      });
    }
  });

  it('reads a key from Authorization or x-api-key on the REQUEST authorizer, never cached', () => {
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([
          Match.arrayWith([{ 'Fn::GetAtt': [functionId(api, 'api-authorizer'), 'Arn'] }]),
        ]),
      }),
    });
  });

  it('leaves only the CORS preflight unauthenticated', () => {
    for (const [, method] of resourcesOf(api, 'AWS::ApiGateway::Method')) {
      if (method.Properties['AuthorizationType'] === 'NONE')
        expect(method.Properties['HttpMethod']).toBe('OPTIONS');
      else expect(method.Properties['AuthorizationType']).toBe('CUSTOM');
    }
  });

  it('checks the Authorization header with the authorizer function, cached for the configured TTL', () => {
    api.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: sandbox.authorizerCacheTtlSeconds,
      IdentityValidationExpression: Match.stringLikeRegexp('^\\^Bearer '),
      AuthorizerUri: Match.objectLike({
        'Fn::Join': Match.arrayWith([
          Match.arrayWith([{ 'Fn::GetAtt': [functionId(api, 'api-authorizer'), 'Arn'] }]),
        ]),
      }),
    });
  });

  /** The stand-in serving each provider's routes of one kind. */
  const processorOf = {
    bedrock: { buffered: 'ml-bedrock-processor', streaming: 'ml-bedrock-stream-processor' },
    sagemaker: { buffered: 'ml-sagemaker-processor', streaming: 'ml-sagemaker-stream-processor' },
  } as const;
  const processorRoutes = ROUTES.filter(
    (route): route is RouteDefinition & { target: 'bedrock' | 'sagemaker' } =>
      route.target !== 'usage',
  );

  it('streams the streaming routes through the response-streaming Lambda invocation of their provider', () => {
    const streaming = processorRoutes.filter((route) => route.streaming);
    expect(new Set(streaming.map((route) => route.target))).toEqual(
      new Set(['bedrock', 'sagemaker']),
    );
    for (const route of streaming) {
      const integration = methodFor(api, route.method, route.path).Properties[
        'Integration'
      ] as Record<string, unknown>;
      expect(integration['ResponseTransferMode']).toBe('STREAM');
      expect(integration['TimeoutInMillis']).toBe(900_000);
      const uri = JSON.stringify(integration['Uri']);
      expect(uri).toContain('/response-streaming-invocations');
      expect(uri).toContain(functionId(api, processorOf[route.target].streaming));
    }
  });

  it("sends each buffered route to its provider's buffered processor, and to no other", () => {
    const buffered = processorRoutes.filter((route) => !route.streaming);
    expect(new Set(buffered.map((route) => route.target))).toEqual(
      new Set(['bedrock', 'sagemaker']),
    );
    for (const route of buffered) {
      const integration = methodFor(api, route.method, route.path).Properties[
        'Integration'
      ] as Record<string, unknown>;
      const uri = JSON.stringify(integration['Uri']);
      expect(integration['ResponseTransferMode']).not.toBe('STREAM');
      expect(uri).toMatch(/2015-03-31\/functions\/.*\/invocations/);
      expect(uri, `${route.method} ${route.path}`).toContain(
        functionId(api, processorOf[route.target].buffered),
      );
      const other = route.target === 'bedrock' ? 'sagemaker' : 'bedrock';
      expect(uri).not.toContain(functionId(api, processorOf[other].buffered));
    }
  });

  it('routes Bedrock, the compatible APIs and the model list to Bedrock, SageMaker to SageMaker', () => {
    const targetOf = (path: string) =>
      new Set(ROUTES.filter((route) => route.path === path).map((route) => route.target));
    for (const path of [
      '/ml/models',
      '/ml/bedrock',
      '/ml/bedrock/stream',
      '/openai/v1/models',
      '/openai/v1/chat/completions',
      '/anthropic/v1/models',
      '/anthropic/v1/messages',
    ])
      expect(targetOf(path), path).toEqual(new Set(['bedrock']));
    for (const path of ['/ml/sagemaker', '/ml/sagemaker/stream', '/ml/sagemaker/jobs/{jobId}'])
      expect(targetOf(path), path).toEqual(new Set(['sagemaker']));
  });

  it('answers CORS preflights for the configured origins only, never *', () => {
    const preflights = resourcesOf(api, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties['HttpMethod'] === 'OPTIONS',
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const [, method] of preflights) {
      const json = JSON.stringify(method.Properties['Integration']);
      expect(json).not.toContain("'*'");
      for (const origin of sandbox.allowedOrigins) expect(json).toContain(origin);
      expect(json).toContain('Authorization,Content-Type');
      expect(json).toContain(
        [...new Set(ROUTES.map((route) => route.method)), 'OPTIONS'].join(','),
      );
    }
  });

  it('answers every gateway error with the JSON envelope and CORS headers', () => {
    expect(GATEWAY_ERRORS.map((error) => error.type)).toEqual(
      expect.arrayContaining([
        'DEFAULT_4XX',
        'DEFAULT_5XX',
        'UNAUTHORIZED',
        'ACCESS_DENIED',
        'THROTTLED',
        'INTEGRATION_TIMEOUT',
        'REQUEST_TOO_LARGE',
        'WAF_FILTERED',
      ]),
    );
    for (const error of GATEWAY_ERRORS) {
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: error.type,
        ...(error.status ? { StatusCode: error.status } : {}),
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': `'${primaryOrigin(sandbox.allowedOrigins)}'`,
        }),
        ResponseTemplates: {
          'application/json': Match.stringLikeRegexp(
            `"success":false,"error":\\{"code":"${error.code}"`,
          ),
        },
      });
    }
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'THROTTLED',
      StatusCode: '429',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Retry-After': "'1'" }),
    });
  });

  it('uses only error codes and statuses documented in docs/api.md', () => {
    const contract = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
    for (const error of GATEWAY_ERRORS) {
      expect(contract).toContain(`\`${error.code}\``);
      if (error.status) expect(contract).toMatch(new RegExp(`^\\| [0-9 /]*${error.status}`, 'm'));
    }
  });

  it('validates POST bodies at the gateway with JSON schema models', () => {
    api.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
    });
    const [[validatorId]] = resourcesOf(api, 'AWS::ApiGateway::RequestValidator');
    for (const route of ROUTES.filter((r) => r.method === 'POST')) {
      const properties = methodFor(api, route.method, route.path).Properties;
      expect(properties['RequestValidatorId']).toEqual({ Ref: validatorId });
      const modelRef = (properties['RequestModels'] as Record<string, { Ref: string }>)[
        'application/json'
      ]!.Ref;
      const model = api.toJSON()['Resources'][modelRef] as Resource;
      const required = (model.Properties['Schema'] as { required: string[] }).required;
      // The compatible APIs name the model `model` (docs/programmatic-access.md); a key, its
      // models; a content read names no model but must give its reason.
      const modelField = route.path.includes('bedrock')
        ? 'modelId'
        : route.path.includes('sagemaker')
          ? 'modelName'
          : route.path === '/keys'
            ? 'models'
            : route.path.startsWith('/audit/')
              ? 'reason'
              : 'model';
      expect(required).toContain(modelField);
    }
  });

  it('throttles the stage from the settings and the streaming routes below it', () => {
    const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
    const methodSettings = stage.Properties['MethodSettings'] as Record<string, unknown>[];
    expect(methodSettings).toContainEqual(
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: sandbox.api.throttleRateLimit,
        ThrottlingBurstLimit: sandbox.api.throttleBurstLimit,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: true,
      }),
    );
    for (const route of ROUTES.filter((r) => r.streaming)) {
      const setting = methodSettings.find(
        (s) =>
          s['ResourcePath'] === `/${route.path.replace(/\//g, '~1')}` && s['HttpMethod'] === 'POST',
      );
      expect(setting).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false });
      expect(setting!['ThrottlingRateLimit']).toBeLessThan(sandbox.api.throttleRateLimit);
    }
    expect(methodSettings.every((s) => s['DataTraceEnabled'] === false)).toBe(true);
  });

  it('traces with X-Ray and writes JSON access logs with the authorizer outcome', () => {
    const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
    expect(stage.Properties['TracingEnabled']).toBe(true);
    const access = stage.Properties['AccessLogSetting'] as { Format: string };
    const fields = JSON.parse(access.Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      status: '$context.status',
      authorizerStatus: '$context.authorizer.status',
      authorizerLatency: '$context.authorizer.latency',
      authorizerError: '$context.authorizer.error',
    });
  });

  it(`keeps the access and execution logs for the environment's retention`, () => {
    api.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: sandbox.logRetentionDays,
    });
    const [[apiId]] = resourcesOf(api, 'AWS::ApiGateway::RestApi');
    api.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: apiId }, '/v1']],
      },
      RetentionInDays: sandbox.logRetentionDays,
    });
  });
});

describe('MlRestApi, PRIVATE option', () => {
  const api = restApiTemplate(lockedDown);

  it('is PRIVATE, bound to the configured VPC endpoints', () => {
    api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: {
        Types: ['PRIVATE'],
        VpcEndpointIds: lockedDown.api.vpcEndpointIds,
      },
    });
  });

  it('has a resource policy that denies any call not from those endpoints', () => {
    api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'execute-api:Invoke',
            Condition: { StringNotEquals: { 'aws:SourceVpce': lockedDown.api.vpcEndpointIds } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Condition: { StringEquals: { 'aws:SourceVpce': lockedDown.api.vpcEndpointIds } },
          }),
        ]),
      },
    });
  });
});

describe('MlRestApi props', () => {
  /** The error a construction throws, or undefined. */
  function errorOf(build: () => unknown): unknown {
    try {
      build();
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('refuses an empty route table with a ValidationError', () => {
    const error = errorOf(() => restApiStack(sandbox, { routes: [] }));
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('route table is empty');
  });

  it('refuses a wildcard origin with a ValidationError', () => {
    const error = errorOf(() =>
      restApiStack({ ...sandbox, allowedOrigins: ['https://*.example.com'] }),
    );
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('never *');
  });

  it('refuses a streaming route without a streaming function, naming the route', () => {
    const stack = new Stack(new App(), 'Api');
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({});'),
    });
    const error = errorOf(
      () =>
        new MlRestApi(stack, 'MlRestApi', {
          settings: sandbox,
          routes: ROUTES,
          authorizerFunction: fn,
          targets: {
            bedrock: { buffered: fn },
            sagemaker: { buffered: fn, streaming: fn },
            usage: { buffered: fn },
          },
        }),
    );
    expect(Errors.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('no streaming function for target "bedrock"');
  });
});
