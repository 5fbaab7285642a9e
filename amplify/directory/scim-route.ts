import { Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
  type CfnStage,
  LambdaIntegration,
  MethodLoggingLevel,
  type RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import { SCIM_BASE_PATH, SCIM_METHODS } from '../contract/scim.ts';
import type { ScimSettings } from './scim-settings.ts';

/** Props of {@link ScimRoute}; every one is required. */
export interface ScimRouteProps {
  /** The REST API (its stage carries the web ACL and the access logs). */
  readonly api: RestApi;
  /** The SCIM function (amplify/functions/scim-api). */
  readonly handler: IFunction;
  readonly settings: ScimSettings;
}

/**
 * `/scim/v2/{proxy+}` on the REST API: its own credential instead of the users' token
 * authorizer (the function checks the bearer secret itself), the stage's web ACL and access
 * logs like every route, and its own throttle per method.
 */
export class ScimRoute extends Construct {
  constructor(scope: Construct, id: string, props: ScimRouteProps) {
    super(scope, id);
    const resource = props.api.root
      .resourceForPath(SCIM_BASE_PATH.slice(1))
      .addResource('{proxy+}');
    const integration = new LambdaIntegration(props.handler, { allowTestInvoke: false });
    for (const method of SCIM_METHODS) {
      const added = resource.addMethod(method, integration, {
        authorizationType: AuthorizationType.NONE,
        operationName: `SCIM ${method}`,
      });
      Validations.of(added).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'SCIM provisioning from Entra ID authenticates with its own long random bearer ' +
          'secret, checked by the function against the digests in Secrets Manager (constant ' +
          'time); Entra cannot present a user pool token.',
      });
    }
    addMethodThrottling(props.api, resource.path, props.settings);
  }
}

/**
 * Stage method settings for the SCIM methods: a method's own throttle target ("Throttle requests
 * to your REST APIs for better throughput in API Gateway", docs.aws.amazon.com/apigateway/latest/
 * developerguide/api-gateway-request-throttling.html). A method's settings replace the stage's
 * for it ("Set up a stage for a REST API in API Gateway", .../set-up-stages.html), so logging,
 * data trace and metrics are repeated as the stage has them.
 */
function addMethodThrottling(api: RestApi, path: string, settings: ScimSettings): void {
  const stage = api.deploymentStage.node.defaultChild as CfnStage;
  const existing = Array.isArray(stage.methodSettings) ? stage.methodSettings : [];
  // API Gateway's method settings key: the resource path with `/` written `~1`.
  const resourcePath = `/${path
    .split('/')
    .filter(Boolean)
    .map((part) => `~1${part}`)
    .join('')}`;
  stage.methodSettings = [
    ...existing,
    ...SCIM_METHODS.map((httpMethod) => ({
      httpMethod,
      resourcePath,
      throttlingRateLimit: settings.throttleRateLimit,
      throttlingBurstLimit: settings.throttleBurstLimit,
      loggingLevel: MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
    })),
  ];
}
