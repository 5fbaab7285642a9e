import { Duration, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  RequestAuthorizer,
  type RequestValidator,
  ResponseTransferMode,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { InterfaceVpcEndpoint } from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import { invalidProps } from '../construct-errors.ts';
import {
  API_KEY_HEADER_NAME,
  AUTHORIZATION_HEADER_PATTERN,
  CORS_ALLOWED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  primaryOrigin,
  STAGE_NAME,
  STREAMING_INTEGRATION_TIMEOUT_MS,
  STREAMING_ROUTE_RATE_SHARE,
} from '../contract/gateway.ts';
import type { RouteDefinition } from '../contract/routes.ts';
import type { EnvironmentSettings } from '../settings/index.ts';
import { statefulRemovalOf } from '../settings/removal-policy.ts';
import { addGatewayErrorResponses } from './gateway-responses.ts';
import { retentionDays } from './log-retention.ts';
import { requestSchemaFor } from './request-models.ts';

/** Props of {@link MlRestApi}; every one is required. */
export interface MlRestApiProps {
  /**
   * The environment's settings: origins (CORS, gateway errors), stage throttling, endpoint type
   * and VPC endpoints, authorizer cache TTL, log retention and removal policy.
   */
  readonly settings: EnvironmentSettings;
  /** The route table (amplify/contract/routes.ts); empty throws a ValidationError. */
  readonly routes: readonly RouteDefinition[];
  /** The authorizer function (Cognito access token or personal API key), TOKEN and REQUEST. */
  readonly authorizerFunction: IFunction;
  /**
   * The functions behind each route target; `streaming` serves the streaming routes. A route
   * whose target has no function throws a ValidationError naming the route.
   */
  readonly targets: Readonly<Partial<Record<RouteDefinition['target'], RouteTarget>>>;
}

/** The Lambda functions that serve one route target. */
export interface RouteTarget {
  /** Serves the target's buffered routes (Lambda proxy integration, 29 s). */
  readonly buffered: IFunction;
  /**
   * Serves the target's streaming routes, written with Lambda response streaming
   * (`awslambda.streamifyResponse`).
   *
   * @default - none: the target has no streaming route
   */
  readonly streaming?: IFunction;
}

/**
 * The ML Gateway REST API: every route of the route table behind the token authorizer, CORS
 * for the environment's origins only, gateway errors in the JSON envelope, request bodies
 * validated at the gateway, response streaming on streaming routes, a throttled, logged and
 * traced stage, REGIONAL or PRIVATE (reachable only through the configured VPC endpoints).
 */
export class MlRestApi extends Construct {
  readonly api: RestApi;
  readonly authorizer: TokenAuthorizer;
  /** The uncached REQUEST authorizer of the `apiKeyHeader` routes (same function). */
  readonly requestAuthorizer: RequestAuthorizer;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: MlRestApiProps) {
    super(scope, id);
    const { settings, routes } = props;
    if (routes.length === 0) throw invalidProps(this, 'NoRoutes', 'the route table is empty');
    if (settings.allowedOrigins.some((origin) => origin.includes('*')))
      throw invalidProps(
        this,
        'WildcardOrigin',
        'allowedOrigins must list explicit origins, never *',
      );
    const retention = retentionDays(settings.logRetentionDays);
    const logRemoval = statefulRemovalOf(settings).logs;
    const isPrivate = settings.api.endpointType === 'PRIVATE';

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention,
      removalPolicy: logRemoval,
    });

    this.api = new RestApi(this, 'Api', {
      // Unique per deployment: API Gateway metrics (and so the alarms) are keyed by ApiName.
      restApiName: settings.deploymentName,
      description: 'ML Gateway: governed access to Bedrock and SageMaker models',
      endpointConfiguration: isPrivate
        ? {
            types: [EndpointType.PRIVATE],
            vpcEndpoints: settings.api.vpcEndpointIds.map((vpcEndpointId) =>
              InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(this, vpcEndpointId, {
                vpcEndpointId,
                port: 443,
              }),
            ),
          }
        : { types: [EndpointType.REGIONAL] },
      policy: isPrivate ? privateApiPolicy(settings.api.vpcEndpointIds) : undefined,
      // Execution logging needs the account's API Gateway CloudWatch role, one per account and
      // region (AWS::ApiGateway::Account): set once by an administrator (docs/deploy.md), never
      // per branch, where every deploy would overwrite it and a deletion could remove it.
      cloudWatchRole: false,
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: settings.api.throttleRateLimit,
        throttlingBurstLimit: settings.api.throttleBurstLimit,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Data trace would write prompts and model output to CloudWatch: never on.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
        methodOptions: streamingRouteThrottling(routes, settings),
      },
      defaultCorsPreflightOptions: {
        allowOrigins: settings.allowedOrigins,
        allowMethods: [...new Set(routes.map((route) => route.method)), 'OPTIONS'],
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        // Bearer tokens, no cookies: credentials mode stays off.
        allowCredentials: false,
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
      },
    });

    // API Gateway would create the execution log group itself, kept forever; owning it applies
    // the environment's retention.
    new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${STAGE_NAME}`,
      retention,
      removalPolicy: logRemoval,
    });

    this.authorizer = new TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: props.authorizerFunction,
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: AUTHORIZATION_HEADER_PATTERN,
      // The cached answer may outlive a deactivation, a lost group or a revoked key: the functions
      // behind these routes re-check the caller on every request, at most 60 s stale
      // (functions/shared/caller-recheck.ts), so the TTL need not come down to 60 s.
      resultsCacheTtl: Duration.seconds(settings.authorizerCacheTtlSeconds),
    });

    // The compatible routes take a personal API key in `x-api-key` too (the Anthropic SDK's
    // header), which a TOKEN authorizer (one header) cannot read. A REQUEST authorizer with
    // caching on answers 401 without running when any identity source is missing, so it has no
    // cache: "When the authorization caching is not enabled, this property [identitySource] is
    // optional" ("Authorizer", API Gateway REST API Reference,
    // https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html). Uncached, every
    // call sees a revocation or an owner's lost group (groups cached at most 60 s).
    this.requestAuthorizer = new RequestAuthorizer(this, 'RequestAuthorizer', {
      handler: props.authorizerFunction,
      identitySources: [
        IdentitySource.header('Authorization'),
        IdentitySource.header(API_KEY_HEADER_NAME),
      ],
      resultsCacheTtl: Duration.seconds(0),
    });

    addGatewayErrorResponses(this.api, primaryOrigin(settings.allowedOrigins));
    this.addRoutes(routes, props.targets);
    this.acknowledgeNagFindings();
  }

  /** The cdk-nag findings this API accepts, each with its reason. */
  private acknowledgeNagFindings(): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Methods use the Lambda authorizer, which verifies the Cognito user pool access token ' +
        '(aws-jwt-verify) or a personal API key, and also enforces per-route groups, which a ' +
        'Cognito authorizer cannot.',
    });
  }

  private addRoutes(routes: readonly RouteDefinition[], targets: MlRestApiProps['targets']): void {
    let validator: RequestValidator | undefined;
    for (const route of routes) {
      const schema = requestSchemaFor(route.method, route.path);
      validator ??= schema
        ? this.api.addRequestValidator('BodyValidator', {
            validateRequestBody: true,
            validateRequestParameters: true,
          })
        : undefined;
      const model = schema
        ? this.api.addModel(modelName(route), { contentType: 'application/json', schema })
        : undefined;
      this.resourceFor(route.path).addMethod(
        route.method,
        new LambdaIntegration(this.handlerFor(route, targets), {
          // Only the deployed stage may invoke the function (no console test-invoke grant).
          allowTestInvoke: false,
          responseTransferMode: route.streaming
            ? ResponseTransferMode.STREAM
            : ResponseTransferMode.BUFFERED,
          // Streams may run 15 minutes; buffered calls keep API Gateway's 29 s ceiling.
          timeout: route.streaming ? Duration.millis(STREAMING_INTEGRATION_TIMEOUT_MS) : undefined,
        }),
        {
          authorizer: route.apiKeyHeader ? this.requestAuthorizer : this.authorizer,
          authorizationType: AuthorizationType.CUSTOM,
          operationName: route.description,
          requestValidator: model ? validator : undefined,
          requestModels: model ? { 'application/json': model } : undefined,
        },
      );
    }
  }

  /** The function serving a route; a clear synth error when the backend does not provide it. */
  private handlerFor(route: RouteDefinition, targets: MlRestApiProps['targets']): IFunction {
    const target = targets[route.target];
    const fn = route.streaming ? target?.streaming : target?.buffered;
    if (!fn)
      throw invalidProps(
        this,
        'MissingRouteTarget',
        `no ${route.streaming ? 'streaming ' : ''}function for target "${route.target}" (${route.method} ${route.path})`,
      );
    return fn;
  }

  private resourceFor(path: string): IResource {
    return path
      .split('/')
      .filter(Boolean)
      .reduce<IResource>(
        (parent, part) => parent.getResource(part) ?? parent.addResource(part),
        this.api.root,
      );
  }
}

/** CloudFormation-safe model name from a route (`POST /ml/bedrock/stream` → `PostMlBedrockStream`). */
function modelName(route: RouteDefinition): string {
  return [route.method, ...route.path.split(/[^A-Za-z0-9]+/)]
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

/** One JSON object per request: the standard fields plus the authorizer's and WAF's outcome. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      // The ApiId dimension of the MLGateway/Edge metric filters (amplify/monitoring/metrics.ts).
      apiId: AccessLogField.contextApiId(),
      extendedRequestId: AccessLogField.contextExtendedRequestId(),
      requestTime: AccessLogField.contextRequestTime(),
      ip: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      httpMethod: AccessLogField.contextHttpMethod(),
      resourcePath: AccessLogField.contextResourcePath(),
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationStatus: AccessLogField.contextIntegrationStatus(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      errorType: AccessLogField.contextErrorResponseType(),
      principalId: AccessLogField.contextAuthorizerPrincipalId(),
      authorizerStatus: AccessLogField.contextAuthorizerStatus(),
      authorizerLatency: AccessLogField.contextAuthorizerLatency(),
      authorizerError: AccessLogField.contextAuthorizerError(),
      wafStatus: AccessLogField.contextWafResponseCode(),
      xrayTraceId: AccessLogField.contextXrayTraceId(),
    }),
  );
}

/** Per-method throttling for the streaming routes (`/path/METHOD` keys of the stage). */
function streamingRouteThrottling(
  routes: readonly RouteDefinition[],
  settings: EnvironmentSettings,
): Record<string, MethodDeploymentOptions> {
  const rate = Math.max(1, Math.floor(settings.api.throttleRateLimit * STREAMING_ROUTE_RATE_SHARE));
  const burst = Math.max(
    1,
    Math.floor(settings.api.throttleBurstLimit * STREAMING_ROUTE_RATE_SHARE),
  );
  return Object.fromEntries(
    routes
      .filter((route) => route.streaming)
      .map((route) => [
        `${route.path}/${route.method}`,
        {
          throttlingRateLimit: rate,
          throttlingBurstLimit: burst,
          // methodOptions replace the stage-wide settings for that method: repeat them.
          loggingLevel: MethodLoggingLevel.ERROR,
          dataTraceEnabled: false,
          metricsEnabled: true,
        },
      ]),
  );
}

/** A PRIVATE API answers only calls that arrive through one of the listed VPC endpoints. */
function privateApiPolicy(vpcEndpointIds: readonly string[]): PolicyDocument {
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': [...vpcEndpointIds] } },
      }),
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringEquals: { 'aws:SourceVpce': [...vpcEndpointIds] } },
      }),
    ],
  });
}
