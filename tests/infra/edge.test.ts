import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS } from '../../amplify/api/gateway-responses.ts';
import { ROUTES } from '../../amplify/api/routes.ts';
import { loadSettings } from '../../amplify/settings/index.ts';
import { loadBackend, nestedStack } from './assembly.ts';
import { SYNTH_TARGETS } from './synth-targets.ts';

interface Resource {
  Properties: Record<string, unknown>;
}

const sandbox = loadSettings({});
const lockedDown = loadSettings(SYNTH_TARGETS.lockedDown.env);

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

/** Logical id of the function whose Amplify name (`api-authorizer`, ...) is given. */
function functionId(template: Template, name: string): string {
  const match = resourcesOf(template, 'AWS::Lambda::Function').find(([id]) =>
    id.startsWith(name.replace(/-/g, '')),
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

describe('REST API', () => {
  const api = nestedStack('api');

  it('is one REGIONAL REST API by default, with no resource policy', () => {
    api.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Policy: Match.absent(),
    });
  });

  it('has every route of the route table behind the TOKEN authorizer', () => {
    const [[authorizerId]] = resourcesOf(api, 'AWS::ApiGateway::Authorizer');
    for (const route of ROUTES) {
      expect(methodFor(api, route.method, route.path).Properties).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
    }
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

  it('streams the streaming routes through the response-streaming Lambda invocation', () => {
    const streamFunction = functionId(api, 'ml-stream-processor');
    const streaming = ROUTES.filter((route) => route.streaming);
    expect(streaming.length).toBeGreaterThan(0);
    for (const route of streaming) {
      const integration = methodFor(api, route.method, route.path).Properties[
        'Integration'
      ] as Record<string, unknown>;
      expect(integration['ResponseTransferMode']).toBe('STREAM');
      expect(integration['TimeoutInMillis']).toBe(900_000);
      const uri = JSON.stringify(integration['Uri']);
      expect(uri).toContain('/response-streaming-invocations');
      expect(uri).toContain(streamFunction);
    }
  });

  it('sends the buffered routes to the buffered processor', () => {
    const processor = functionId(api, 'ml-processor');
    for (const route of ROUTES.filter((r) => !r.streaming && r.target === 'ml')) {
      const integration = methodFor(api, route.method, route.path).Properties[
        'Integration'
      ] as Record<string, unknown>;
      expect(integration['ResponseTransferMode']).not.toBe('STREAM');
      expect(JSON.stringify(integration['Uri'])).toMatch(/2015-03-31\/functions\/.*\/invocations/);
      expect(JSON.stringify(integration['Uri'])).toContain(processor);
    }
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
      expect(json).toMatch(/GET,POST,OPTIONS|POST,GET,OPTIONS/);
    }
  });

  it('answers every gateway error with the JSON envelope and CORS headers', () => {
    expect(GATEWAY_ERRORS.map((error) => error.type.responseType)).toEqual(
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
        ResponseType: error.type.responseType,
        ...(error.status ? { StatusCode: error.status } : {}),
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': `'${sandbox.allowedOrigins[0]}'`,
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
      expect(required).toContain(route.path.includes('bedrock') ? 'modelId' : 'modelName');
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

  it(`keeps the access logs for the environment's retention`, () => {
    api.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: sandbox.logRetentionDays,
    });
    expect(
      loadSettings({ AWS_BRANCH: 'dev', ENTRA_METADATA_URL: 'https://x.example/m' })
        .logRetentionDays,
    ).toBe(30);
  });

  it('publishes the API URL and region for the app', () => {
    const outputs = JSON.stringify(loadBackend().root.toJSON()['Outputs']);
    expect(outputs).toContain('\\"mlGateway\\":{\\"apiUrl\\":\\"https://');
    expect(outputs).toContain('\\"region\\":\\"');
  });
});

describe('REST API, PRIVATE option', () => {
  const api = nestedStack('api', 'lockedDown');

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
