import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS, primaryOrigin } from '../../amplify/api/gateway-responses.ts';
import { ROUTES } from '../../amplify/api/routes.ts';
import { entriesFor, type SageMakerEndpoint, variantNameOf } from '../../amplify/catalog.ts';
import { ALARM_IDS, ALARM_THRESHOLDS, type AlarmId } from '../../amplify/monitoring/alarms.ts';
import { bodyRulesOf, MANAGED_BODY_RULES } from '../../amplify/security/managed-body-rules.ts';
import { wafLogResourcePolicy } from '../../amplify/security/waf-log-policy.ts';
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

/**
 * The metric arrays (`[namespace, name, dimension, value, ...]`) of the dashboard's widgets, with
 * each `{ Ref: X }` in the body rendered as `<X>`.
 */
function dashboardMetrics(template: Template): unknown[][] {
  const [[, dashboard]] = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
  const body = dashboard.Properties['DashboardBody'] as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1]
    .map((part) =>
      typeof part === 'string' ? part : `<${(part as { Ref?: string }).Ref ?? 'expression'}>`,
    )
    .join('');
  const widgets = (JSON.parse(text) as { widgets: { properties: { metrics?: unknown[][] } }[] })
    .widgets;
  return widgets.flatMap((widget) => widget.properties.metrics ?? []);
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
      expect(json).toContain(
        [...new Set(ROUTES.map((route) => route.method)), 'OPTIONS'].join(','),
      );
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
      // The compatible APIs name the model `model` (docs/programmatic-access.md).
      const modelField = route.path.includes('bedrock')
        ? 'modelId'
        : route.path.includes('sagemaker')
          ? 'modelName'
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

describe('web ACL', () => {
  const api = nestedStack('api');
  const webAcl = () => resourcesOf(api, 'AWS::WAFv2::WebACL')[0]!;
  const rules = () =>
    webAcl()[1].Properties['Rules'] as {
      Name: string;
      Priority: number;
      Statement: Record<string, Record<string, unknown>>;
      Action?: unknown;
    }[];
  const ruleNamed = (name: string) => {
    const found = rules().find((r) => r.Name === name);
    if (!found) throw new Error(`no WAF rule ${name}`);
    return found;
  };

  /** A block answered by WAF in the JSON envelope, readable by the app (CORS). */
  const blockAnswering = (status: number, code: string) => ({
    Block: {
      CustomResponse: {
        ResponseCode: status,
        CustomResponseBodyKey: code,
        ResponseHeaders: expect.arrayContaining([
          { Name: 'Access-Control-Allow-Origin', Value: primaryOrigin(sandbox.allowedOrigins) },
        ]),
      },
    },
  });

  it('answers its own blocks in the JSON envelope of docs/api.md', () => {
    const bodies = webAcl()[1].Properties['CustomResponseBodies'] as Record<
      string,
      { Content: string; ContentType: string }
    >;
    for (const code of ['THROTTLED', 'PAYLOAD_TOO_LARGE', 'FORBIDDEN']) {
      expect(bodies[code]!.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(bodies[code]!.Content)).toMatchObject({ success: false, error: { code } });
    }
  });

  it('is one REGIONAL web ACL associated with the API stage', () => {
    api.resourceCountIs('AWS::WAFv2::WebACL', 1);
    api.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
    });
    const [[stageId]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
    const [[aclId]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
    const [[, association]] = resourcesOf(api, 'AWS::WAFv2::WebACLAssociation');
    expect(JSON.stringify(association.Properties['ResourceArn'])).toContain(stageId);
    expect(association.Properties['WebACLArn']).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  it('runs the AWS Common, Known Bad Inputs and Amazon IP reputation rule sets', () => {
    const managed = rules()
      .map((r) => r.Statement['ManagedRuleGroupStatement'])
      .filter(Boolean)
      .map((s) => `${s!['VendorName'] as string}/${s!['Name'] as string}`);
    expect(managed).toEqual(
      expect.arrayContaining([
        'AWS/AWSManagedRulesCommonRuleSet',
        'AWS/AWSManagedRulesKnownBadInputsRuleSet',
        'AWS/AWSManagedRulesAmazonIpReputationList',
      ]),
    );
  });

  const groupRule = (group: string) =>
    rules().find((r) => r.Statement['ManagedRuleGroupStatement']?.['Name'] === group)!;

  it('only counts (and labels) the body rules inside the Common and Known Bad Inputs groups', () => {
    for (const group of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ] as const) {
      const overrides = groupRule(group).Statement['ManagedRuleGroupStatement']![
        'RuleActionOverrides'
      ] as { Name: string; ActionToUse: unknown }[];
      expect(overrides.map((o) => o.Name).sort()).toEqual(bodyRulesOf(group).sort());
      for (const override of overrides) expect(override.ActionToUse).toEqual({ Count: {} });
    }
  });

  it('blocks what those body rules matched, after both groups, unless the route carries prompt text', () => {
    const blocking = ruleNamed('ManagedBodyRulesOutsidePromptRoutes');
    expect(blocking.Action).toEqual({ Block: {} });
    for (const group of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'])
      expect(blocking.Priority).toBeGreaterThan(groupRule(group).Priority);
    const [labelled, outside] = blocking.Statement['AndStatement']!['Statements'] as Record<
      string,
      Record<string, unknown>
    >[];
    expect(labelled!['OrStatement']!['Statements']).toEqual(
      MANAGED_BODY_RULES.map((r) => ({ LabelMatchStatement: { Scope: 'LABEL', Key: r.label } })),
    );
    // The prompt routes as WAF sees them on the stage URL: method and anchored path.
    const json = JSON.stringify(outside!['NotStatement']);
    expect(json).toContain(
      '"RegexString":"^/v1(?:/ml/bedrock|/ml/bedrock/stream|/ml/sagemaker|/ml/sagemaker/stream|/openai/v1/chat/completions|/anthropic/v1/messages)$"',
    );
    expect(json).toContain('"RegexString":"^/v1(?:/history/conversations/[^/]+)$"');
    for (const method of ['POST', 'PUT', 'PATCH'])
      expect(json).toContain(`"SearchString":"${method}"`);
    expect(json).not.toContain('"SearchString":"GET"');
  });

  it('inspects the default 16 KB of a body and keeps bodies out of logs and samples', () => {
    const acl = webAcl()[1].Properties;
    expect(acl['AssociationConfig']).toEqual({
      RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } },
    });
    expect(acl['DataProtectionConfig']).toEqual({
      DataProtections: [
        {
          Field: { FieldType: 'BODY' },
          Action: 'SUBSTITUTION',
          ExcludeRuleMatchDetails: false,
          ExcludeRateBasedDetails: false,
        },
      ],
    });
  });

  it('blocks bodies declared larger than the documented limit', () => {
    const bodySize = ruleNamed('BodySizeLimit');
    expect(bodySize.Action).toMatchObject(blockAnswering(413, 'PAYLOAD_TOO_LARGE'));
    const statement = bodySize.Statement['RegexMatchStatement']!;
    expect(statement['FieldToMatch']).toEqual({ SingleHeader: { Name: 'content-length' } });
    const pattern = new RegExp(statement['RegexString'] as string);
    expect(pattern.test(String(sandbox.api.maxBodyBytes))).toBe(false);
    expect(pattern.test(String(sandbox.api.maxBodyBytes + 1))).toBe(true);
  });

  it('rate-limits each IP to the configured requests per 5 minutes', () => {
    const rate = ruleNamed('RateLimitPerIp');
    expect(rate.Action).toMatchObject(blockAnswering(429, 'THROTTLED'));
    expect(JSON.stringify(rate.Action)).toContain('"Name":"Retry-After"');
    expect(rate.Statement['RateBasedStatement']).toMatchObject({
      Limit: sandbox.waf.ratePerFiveMinutes,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
  });

  it('has no IP allow-list unless one is configured', () => {
    api.resourceCountIs('AWS::WAFv2::IPSet', 0);
    expect(rules().map((r) => r.Name)).not.toContain('AllowListedIpsOnly');
  });

  it('logs blocked and counted requests to an aws-waf-logs- group, Authorization redacted', () => {
    const [[logGroupId, logGroup]] = resourcesOf(api, 'AWS::Logs::LogGroup').filter(([, g]) =>
      String(JSON.stringify(g.Properties['LogGroupName'])).includes('"aws-waf-logs-'),
    );
    expect(logGroup.Properties['RetentionInDays']).toBe(sandbox.logRetentionDays);
    const [[aclId]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
    api.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
      LogDestinationConfigs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    const [[, logging]] = resourcesOf(api, 'AWS::WAFv2::LoggingConfiguration');
    expect(JSON.stringify(logging.Properties['LogDestinationConfigs'])).toContain(logGroupId);
  });

  it('logs rules counted inside a managed group, which WAF reports as EXCLUDED_AS_COUNT', () => {
    const [[, logging]] = resourcesOf(api, 'AWS::WAFv2::LoggingConfiguration');
    const filter = logging.Properties['LoggingFilter'] as {
      DefaultBehavior: string;
      Filters: { Behavior: string; Requirement: string; Conditions: unknown[] }[];
    };
    expect(filter.DefaultBehavior).toBe('DROP');
    const kept = filter.Filters.filter(
      (f) => f.Behavior === 'KEEP' && f.Requirement === 'MEETS_ANY',
    )
      .flatMap((f) => f.Conditions)
      .map((c) => (c as { ActionCondition: { Action: string } }).ActionCondition.Action);
    expect(kept.sort()).toEqual(['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT']);
  });
});

describe('web ACL name', () => {
  it('is a valid WAFv2 name, different for the sandbox, dev and main', () => {
    const names = (['sandbox', 'dev', 'prod'] as const).map(
      (target) =>
        resourcesOf(nestedStack('api', target), 'AWS::WAFv2::WebACL')[0]![1].Properties[
          'Name'
        ] as string,
    );
    for (const name of names) expect(name).toMatch(/^[\w-]{1,128}$/);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('WAF log group on a branch', () => {
  for (const target of ['prod', 'dev'] as const) {
    const api = nestedStack('api', target);
    const wafLogGroups = () =>
      Object.values(
        api.toJSON()['Resources'] as Record<
          string,
          Resource & { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
        >,
      ).filter(
        (r) =>
          r.Type === 'AWS::Logs::LogGroup' &&
          String(JSON.stringify(r.Properties['LogGroupName'])).includes('"aws-waf-logs-'),
      );

    it(`${target}: is retained on update and delete but removed when the first create fails`, () => {
      const [group] = wafLogGroups();
      expect(group!.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(group!.UpdateReplacePolicy).toBe('Retain');
    });

    it(`${target}: is named after the stack's own id, so a re-created branch gets a new group`, () => {
      const [group] = wafLogGroups();
      const [separator, parts] = (
        group!.Properties['LogGroupName'] as { 'Fn::Join': [string, unknown[]] }
      )['Fn::Join'];
      expect(separator).toBe('');
      expect(parts[0]).toMatch(/^aws-waf-logs-[\w-]+-$/);
      expect(parts[1]).toEqual({
        'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }],
      });
      // Prefix, web ACL name (128 at most) and a stack UUID stay far below the 512 allowed.
      expect(String(parts[0]).length + 36).toBeLessThanOrEqual(512);
    });

    it(`${target}: relies on the account-level policy, adding no resource policy of its own`, () => {
      api.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
      const [group] = wafLogGroups();
      const [, parts] = (group!.Properties['LogGroupName'] as { 'Fn::Join': [string, unknown[]] })[
        'Fn::Join'
      ];
      const resource = (
        wafLogResourcePolicy('eu-west-1', '111122223333') as {
          Statement: { Resource: string }[];
        }
      ).Statement[0]!.Resource;
      const covered = new RegExp(
        `^${resource.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
      );
      const arn = `arn:aws:logs:eu-west-1:111122223333:log-group:${String(parts[0])}0b1f-uuid:log-stream:eu-west-1_acl_0`;
      expect(arn).toMatch(covered);
    });
  }
});

describe('web ACL with an IP allow-list', () => {
  const api = nestedStack('api', 'lockedDown');

  it('blocks every address outside the configured CIDRs, first', () => {
    const sets = resourcesOf(api, 'AWS::WAFv2::IPSet').map(([, set]) => set.Properties);
    expect(sets.flatMap((set) => set['Addresses'] as string[]).sort()).toEqual(
      [...lockedDown.waf.allowedIpCidrs].sort(),
    );
    const acl = resourcesOf(api, 'AWS::WAFv2::WebACL')[0]![1];
    const [first] = acl.Properties['Rules'] as Record<string, unknown>[];
    expect(first).toMatchObject({
      Name: 'AllowListedIpsOnly',
      Priority: 0,
      Action: { Block: { CustomResponse: expect.objectContaining({ ResponseCode: 403 }) } },
      Statement: { NotStatement: { Statement: { OrStatement: expect.anything() } } },
    });
    expect(JSON.stringify(first!['Statement']).match(/IPSetReferenceStatement/g)).toHaveLength(2);
  });
});

describe('monitoring', () => {
  const api = nestedStack('api');
  const alarms = () => resourcesOf(api, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm);
  const alarmsOf = (template: Template, id: AlarmId) =>
    resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((p) => String(p['AlarmDescription']).endsWith(`(${id})`));
  const [[topicId]] = resourcesOf(api, 'AWS::SNS::Topic');
  const deployed = entriesFor(false);
  const opsGuide = readFileSync(path.resolve(import.meta.dirname, '../../docs/ops.md'), 'utf8');

  it('has at least 10 alarms, each notifying the SNS topic with a runbook in docs/ops.md', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(10);
    for (const alarm of alarms()) {
      expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topicId }]);
      const description = String(alarm.Properties['AlarmDescription']);
      const id = /\((\w+)\)$/.exec(description)?.[1];
      expect(ALARM_IDS).toContain(id);
      expect(description).toContain(`Runbook: docs/ops.md#${id!.toLowerCase()}`);
      expect(opsGuide).toMatch(new RegExp(`^### ${id}$`, 'm'));
    }
  });

  it('documents a runbook for every alarm id', () => {
    for (const id of ALARM_IDS) expect(opsGuide).toMatch(new RegExp(`^### ${id}$`, 'm'));
  });

  it('alarms on API 5XX and 4XX rates, computed from the stage metrics', () => {
    for (const [id, metric, threshold] of [
      ['ApiServerErrorRate', '5XXError', ALARM_THRESHOLDS.apiServerErrorPercent],
      ['ApiClientErrorRate', '4XXError', ALARM_THRESHOLDS.apiClientErrorPercent],
    ] as const) {
      const [alarm] = alarmsOf(api, id);
      expect(alarm?.['Threshold']).toBe(threshold);
      const json = JSON.stringify(alarm!['Metrics']);
      expect(json).toContain(`"MetricName":"${metric}"`);
      expect(json).toContain('"MetricName":"Count"');
      expect(json).toContain('100 * errors / requests');
    }
  });

  it('alarms on p99 latency of each buffered model route', () => {
    const latency = alarmsOf(api, 'ApiLatencyP99');
    expect(
      latency
        .map(
          (a) =>
            (a['Dimensions'] as { Name: string; Value: string }[]).find(
              (d) => d.Name === 'Resource',
            )?.Value,
        )
        .sort(),
    ).toEqual(
      ROUTES.filter((r) => r.target === 'ml' && r.method === 'POST' && !r.streaming)
        .map((r) => r.path)
        .sort(),
    );
    for (const alarm of latency) {
      expect(alarm).toMatchObject({
        ExtendedStatistic: 'p99',
        Threshold: ALARM_THRESHOLDS.apiLatencyP99Ms,
      });
    }
  });

  it('alarms on authorizer failures counted from the access log', () => {
    const [alarm] = alarmsOf(api, 'AuthorizerFailures');
    expect(alarm).toMatchObject({ MetricName: 'AuthorizerFailures', Namespace: 'MLGateway/Edge' });
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('AUTHORIZER_FAILURE'),
      MetricTransformations: [Match.objectLike({ MetricName: 'AuthorizerFailures' })],
    });
    api.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('ACCESS_DENIED'),
      MetricTransformations: [
        Match.objectLike({
          MetricName: 'AuthorizerDenials',
          Dimensions: [
            { Key: 'ApiId', Value: '$.apiId' },
            { Key: 'ErrorType', Value: '$.errorType' },
          ],
        }),
      ],
    });
  });

  it('alarms on processor errors and on duration near each function timeout', () => {
    for (const name of ['ml-processor', 'ml-stream-processor']) {
      const fnId = functionId(api, name);
      const timeoutMs =
        (resourcesOf(api, 'AWS::Lambda::Function').find(([id]) => id === fnId)![1].Properties[
          'Timeout'
        ] as number) * 1000;
      const ofFunction = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) => JSON.stringify(a['Dimensions']).includes(fnId));
      expect(ofFunction('ProcessorErrors')).toEqual([
        expect.objectContaining({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }),
      ]);
      expect(ofFunction('DurationNearTimeout')).toEqual([
        expect.objectContaining({
          MetricName: 'Duration',
          ExtendedStatistic: 'p99',
          Threshold: timeoutMs * ALARM_THRESHOLDS.durationShareOfTimeout,
        }),
      ]);
    }
  });

  it('alarms on throttles of the authorizer and both processors', () => {
    const [alarm] = alarmsOf(api, 'FunctionThrottles');
    const json = JSON.stringify(alarm!['Metrics']);
    for (const name of ['api-authorizer', 'ml-processor', 'ml-stream-processor'])
      expect(json).toContain(functionId(api, name));
    expect(json).toContain('"MetricName":"Throttles"');
  });

  it('alarms on Bedrock throttling and client errors of every deployed catalog model', () => {
    const models = deployed.filter((e) => e.provider === 'bedrock');
    expect(models.length).toBeGreaterThan(0);
    for (const [id, metric] of [
      ['BedrockThrottling', 'InvocationThrottles'],
      ['BedrockClientErrors', 'InvocationClientErrors'],
    ] as const) {
      const json = JSON.stringify(alarmsOf(api, id)[0]!['Metrics']);
      expect(json).toContain(`"MetricName":"${metric}"`);
      for (const model of models) expect(json).toContain(`"Value":"${model.modelId}"`);
      expect(json).not.toContain('local.');
    }
  });

  it('lets CloudWatch alarms of this account publish to the topic, over TLS only', () => {
    const [[, policy]] = resourcesOf(api, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties['Topics']).toEqual([{ Ref: topicId }]);
    const statements = (policy.Properties['PolicyDocument'] as { Statement: unknown[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }),
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('keys the access-log metrics, their alarm and their widget by this API’s id', () => {
    const [[restApiId]] = resourcesOf(api, 'AWS::ApiGateway::RestApi');
    const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
    const format = JSON.parse(
      (stage.Properties['AccessLogSetting'] as { Format: string }).Format,
    ) as Record<string, string>;
    expect(format['apiId']).toBe('$context.apiId');
    const filters = resourcesOf(api, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      const [transformation] = filter['MetricTransformations'] as Record<string, unknown>[];
      expect(transformation!['MetricNamespace']).toBe('MLGateway/Edge');
      expect(transformation!['Dimensions']).toContainEqual({ Key: 'ApiId', Value: '$.apiId' });
    }
    const [failures] = alarmsOf(api, 'AuthorizerFailures');
    expect(failures!['Dimensions']).toEqual([{ Name: 'ApiId', Value: { Ref: restApiId } }]);
    const denials = dashboardMetrics(api).filter(
      (metric) => metric[0] === 'MLGateway/Edge' && metric[1] === 'AuthorizerDenials',
    );
    expect(denials.length).toBeGreaterThan(0);
    for (const metric of denials) expect(metric.slice(2, 4)).toEqual(['ApiId', `<${restApiId}>`]);
  });

  it('alarms on SageMaker latency and 5XX per deployed endpoint', () => {
    for (const endpoint of deployed.filter((e) => e.provider === 'sagemaker')) {
      const forEndpoint = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) =>
          JSON.stringify(a['Dimensions']).includes(`"Value":"${endpoint.endpointName}"`),
        );
      expect(forEndpoint('SageMakerServerErrors')).toEqual([
        expect.objectContaining({ MetricName: 'Invocation5XXErrors', Namespace: 'AWS/SageMaker' }),
      ]);
      expect(forEndpoint('SageMakerModelLatency')).toEqual(
        endpoint.mode === 'async'
          ? []
          : [
              expect.objectContaining({
                MetricName: 'ModelLatency',
                Threshold: ALARM_THRESHOLDS.sageMakerModelLatencyMs * 1000,
              }),
            ],
      );
    }
  });

  it('watches async endpoints through the metrics they publish: failures and queue age', () => {
    const asyncEndpoints = deployed.filter(
      (e): e is SageMakerEndpoint => e.provider === 'sagemaker' && e.mode === 'async',
    );
    expect(asyncEndpoints.length).toBeGreaterThan(0);
    for (const endpoint of asyncEndpoints) {
      const forEndpoint = (id: AlarmId) =>
        alarmsOf(api, id).filter((a) =>
          JSON.stringify(a['Dimensions']).includes(`"Value":"${endpoint.endpointName}"`),
        );
      expect(forEndpoint('SageMakerAsyncFailures')).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/SageMaker',
          MetricName: 'InvocationFailures',
          Dimensions: [
            { Name: 'EndpointName', Value: endpoint.endpointName },
            { Name: 'VariantName', Value: variantNameOf(endpoint) },
          ],
        }),
      ]);
      expect(forEndpoint('SageMakerAsyncBacklogAge')).toEqual([
        expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestRequest',
          Statistic: 'Maximum',
          Threshold: ALARM_THRESHOLDS.sageMakerAsyncBacklogAgeSeconds,
          // Queue metrics are published by endpoint name only.
          Dimensions: [{ Name: 'EndpointName', Value: endpoint.endpointName }],
        }),
      ]);
    }
    // An async endpoint publishes no Invocations or OverheadLatency: nothing may wait for them.
    const metrics = dashboardMetrics(api);
    for (const endpoint of asyncEndpoints) {
      const ofEndpoint = metrics.filter((metric) => metric.includes(endpoint.endpointName));
      expect(ofEndpoint.map((metric) => metric[1])).toEqual(
        expect.arrayContaining(['InvocationFailures', 'ApproximateAgeOfOldestRequest']),
      );
      for (const metric of ofEndpoint)
        expect(['Invocations', 'OverheadLatency']).not.toContain(metric[1]);
    }
    for (const alarm of alarms())
      for (const endpoint of asyncEndpoints)
        if (JSON.stringify(alarm.Properties).includes(endpoint.endpointName))
          expect(['Invocations', 'OverheadLatency']).not.toContain(alarm.Properties['MetricName']);
  });

  it('queries each function’s own log group in the dashboard, not /aws/lambda/', () => {
    const [[, dashboard]] = resourcesOf(api, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties['DashboardBody']);
    expect(body).toContain('SOURCE ');
    expect(body).not.toContain('/aws/lambda/');
  });

  it('alarms on a spike of requests blocked by the web ACL', () => {
    const [[, acl]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
    const [alarm] = alarmsOf(api, 'WafBlockedSpike');
    expect(alarm).toMatchObject({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Threshold: ALARM_THRESHOLDS.wafBlockedRequests,
    });
    expect(alarm!['Dimensions']).toContainEqual({ Name: 'WebACL', Value: acl.Properties['Name'] });
    expect(alarm!['Dimensions']).toContainEqual({ Name: 'Rule', Value: 'ALL' });
  });

  it('has no billing alarm and no subscription unless configured', () => {
    expect(alarmsOf(api, 'EstimatedCharges')).toEqual([]);
    api.resourceCountIs('AWS::SNS::Subscription', sandbox.alarmEmails.length);
  });

  it('has a dashboard with the guide widgets, Bedrock tokens per model and authorizer denials', () => {
    const [[, dashboard]] = resourcesOf(api, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties['DashboardBody']);
    for (const title of [
      'API Gateway: requests and errors',
      'Authorizer: invocations and health',
      'ml-processor: invocations, errors, concurrency',
      'Bedrock tokens per model',
      'Authorizer denials (from the API access log)',
      'Authorizer denials by reason code',
      'ML processing errors and timeouts',
      'WAF: blocked requests per rule',
    ])
      expect(body).toContain(title);
    expect(body).toContain('InputTokenCount');
    expect(body).toContain('OutputTokenCount');
    for (const endpoint of deployed.filter((e) => e.provider === 'sagemaker'))
      expect(body).toContain(`SageMaker ${endpoint.endpointName}`);
  });
});

describe('monitoring with alarm addresses and a billing threshold', () => {
  const api = nestedStack('api', 'lockedDown');

  it('subscribes every configured address to the topic', () => {
    const [[topicId]] = resourcesOf(api, 'AWS::SNS::Topic');
    for (const email of lockedDown.alarmEmails)
      api.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: topicId },
      });
  });

  it('alarms on estimated charges, only where billing metrics exist (us-east-1)', () => {
    const [[, alarm]] = resourcesOf(api, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      String(a.Properties['AlarmDescription']).endsWith('(EstimatedCharges)'),
    );
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Billing',
      MetricName: 'EstimatedCharges',
      Threshold: lockedDown.billingAlarmUsd,
      Dimensions: [{ Name: 'Currency', Value: 'USD' }],
    });
    const condition = (alarm as unknown as { Condition: string }).Condition;
    expect(api.toJSON()['Conditions'][condition]).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });
});

describe('edge settings per environment', () => {
  const targets = {
    prod: { environment: 'prod', branch: 'main', appId: 'mlgateway' },
    dev: { environment: 'dev', branch: 'dev', appId: 'mlgateway' },
  } as const;

  for (const name of ['prod', 'dev'] as const) {
    const settings = loadSettings(SYNTH_TARGETS[name].env, targets[name]);
    const api = nestedStack('api', name);

    it(`${name}: stage throttling, WAF rate and log retention follow the settings`, () => {
      const [[, stage]] = resourcesOf(api, 'AWS::ApiGateway::Stage');
      expect(stage.Properties['MethodSettings']).toContainEqual(
        expect.objectContaining({
          ResourcePath: '/*',
          ThrottlingRateLimit: settings.api.throttleRateLimit,
          ThrottlingBurstLimit: settings.api.throttleBurstLimit,
        }),
      );
      const [[, acl]] = resourcesOf(api, 'AWS::WAFv2::WebACL');
      expect(JSON.stringify(acl.Properties['Rules'])).toContain(
        `"Limit":${settings.waf.ratePerFiveMinutes}`,
      );
      for (const [, group] of resourcesOf(api, 'AWS::Logs::LogGroup'))
        expect(group.Properties['RetentionInDays']).toBe(settings.logRetentionDays);
    });

    it(`${name}: CORS and gateway errors name the environment's origins only`, () => {
      const preflight = JSON.stringify(
        resourcesOf(api, 'AWS::ApiGateway::Method').find(
          ([, m]) => m.Properties['HttpMethod'] === 'OPTIONS',
        )![1].Properties['Integration'],
      );
      for (const origin of settings.allowedOrigins) expect(preflight).toContain(origin);
      if (name === 'prod') expect(preflight).not.toContain('localhost');
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'UNAUTHORIZED',
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': `'${primaryOrigin(settings.allowedOrigins)}'`,
        }),
      });
    });

    it(`${name}: alarm mail and the billing alarm follow the settings`, () => {
      api.resourceCountIs('AWS::SNS::Subscription', settings.alarmEmails.length);
      const billing = resourcesOf(api, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
        String(a.Properties['AlarmDescription']).endsWith('(EstimatedCharges)'),
      );
      expect(billing.map(([, a]) => a.Properties['Threshold'])).toEqual(
        settings.billingAlarmUsd === undefined ? [] : [settings.billingAlarmUsd],
      );
    });
  }

  it('names the deployed app, never localhost, in the static CORS headers of dev and prod', () => {
    expect(primaryOrigin(loadSettings(SYNTH_TARGETS.dev.env, targets.dev).allowedOrigins)).toBe(
      'https://dev.mlgateway.amplifyapp.com',
    );
    expect(primaryOrigin(loadSettings(SYNTH_TARGETS.prod.env, targets.prod).allowedOrigins)).toBe(
      'https://ml.example.com',
    );
  });

  it('dev keeps the access logs 30 days, prod longer', () => {
    expect(loadSettings(SYNTH_TARGETS.dev.env, targets.dev).logRetentionDays).toBe(30);
    expect(loadSettings(SYNTH_TARGETS.prod.env, targets.prod).logRetentionDays).toBeGreaterThan(30);
  });
});
