/**
 * Which AWS API request CloudFormation makes for each resource type our templates contain, so a
 * template's literal properties can be held against that request's model.
 *
 * CloudFormation names properties in PascalCase; some APIs use camelCase (API Gateway, Logs), so
 * members match case-insensitively. Where CloudFormation names a property differently, or sets it
 * through a second request of the same service (retention, key rotation, reserved concurrency),
 * `properties` and `renames` say so. Properties that match nothing are not checked.
 */

/**
 * Where a CloudFormation property's value is described: a member of the enclosing API shape by
 * another name, a member of another request of the same service, a whole shape, or a list of it.
 */
export type ApiTarget = string | { shape: string; member?: string } | { listOf: string };

/** How one resource type maps to its service's API model. */
export interface ResourceApi {
  /** botocore service name (`botocore/data/<service>`). */
  service: string;
  /** The request shape the resource's properties are: an operation's input, or a shape's member. */
  request: { operation: string } | { shape: string; member: string };
  /** Top-level CloudFormation properties that are not a same-named member of the request. */
  properties?: Record<string, ApiTarget>;
  /** Nested properties that are not a same-named member: `ApiShape.CfnProperty` -> target. */
  renames?: Record<string, ApiTarget>;
}

/** A resource type with no create/put request whose model applies, and why. */
export interface UncheckedResource {
  unchecked: string;
}

export type ResourceApiEntry = ResourceApi | UncheckedResource;

const op = (operation: string) => ({ operation });

/** Every resource type the synthesized templates contain; a new type must be added here. */
export const RESOURCE_APIS: Record<string, ResourceApiEntry> = {
  // API Gateway (REST): camelCase members.
  'AWS::ApiGateway::Account': {
    unchecked: 'set through UpdateAccount patch operations; CloudWatchRoleArn is a Ref',
  },
  'AWS::ApiGateway::Authorizer': { service: 'apigateway', request: op('CreateAuthorizer') },
  'AWS::ApiGateway::BasePathMapping': {
    service: 'apigateway',
    request: op('CreateBasePathMapping'),
    properties: { Stage: 'stage' },
  },
  'AWS::ApiGateway::Deployment': { service: 'apigateway', request: op('CreateDeployment') },
  'AWS::ApiGateway::DomainName': { service: 'apigateway', request: op('CreateDomainName') },
  'AWS::ApiGateway::GatewayResponse': {
    service: 'apigateway',
    request: op('PutGatewayResponse'),
  },
  'AWS::ApiGateway::Method': {
    service: 'apigateway',
    request: op('PutMethod'),
    properties: {
      Integration: { shape: 'PutIntegrationRequest' },
      MethodResponses: { listOf: 'PutMethodResponseRequest' },
    },
    renames: {
      'PutIntegrationRequest.IntegrationHttpMethod': 'integrationHttpMethod',
      'PutIntegrationRequest.IntegrationResponses': { listOf: 'PutIntegrationResponseRequest' },
    },
  },
  'AWS::ApiGateway::Model': { service: 'apigateway', request: op('CreateModel') },
  'AWS::ApiGateway::RequestValidator': {
    service: 'apigateway',
    request: op('CreateRequestValidator'),
  },
  'AWS::ApiGateway::Resource': { service: 'apigateway', request: op('CreateResource') },
  'AWS::ApiGateway::RestApi': { service: 'apigateway', request: op('CreateRestApi') },
  'AWS::ApiGateway::Stage': {
    service: 'apigateway',
    request: op('CreateStage'),
    // Set by UpdateStage patch operations; their values are these shapes.
    properties: {
      AccessLogSetting: { shape: 'AccessLogSettings' },
      MethodSettings: { listOf: 'MethodSetting' },
    },
  },

  'AWS::CertificateManager::Certificate': { service: 'acm', request: op('RequestCertificate') },
  'AWS::Budgets::Budget': { service: 'budgets', request: op('CreateBudget') },
  'AWS::CloudFormation::Stack': {
    unchecked: 'a nested stack: its own template is validated resource by resource',
  },
  'AWS::CDK::Metadata': { unchecked: 'CDK bookkeeping, not an AWS resource' },

  'AWS::CloudWatch::Alarm': { service: 'cloudwatch', request: op('PutMetricAlarm') },
  'AWS::CloudWatch::Dashboard': { service: 'cloudwatch', request: op('PutDashboard') },

  'AWS::Cognito::IdentityPool': { service: 'cognito-identity', request: op('CreateIdentityPool') },
  'AWS::Cognito::IdentityPoolRoleAttachment': {
    service: 'cognito-identity',
    request: op('SetIdentityPoolRoles'),
  },
  'AWS::Cognito::UserPool': {
    service: 'cognito-idp',
    request: op('CreateUserPool'),
    properties: { UserPoolName: 'PoolName' },
  },
  'AWS::Cognito::UserPoolClient': {
    service: 'cognito-idp',
    request: op('CreateUserPoolClient'),
  },
  'AWS::Cognito::UserPoolDomain': {
    service: 'cognito-idp',
    request: op('CreateUserPoolDomain'),
  },
  'AWS::Cognito::UserPoolGroup': { service: 'cognito-idp', request: op('CreateGroup') },
  'AWS::Cognito::UserPoolIdentityProvider': {
    service: 'cognito-idp',
    request: op('CreateIdentityProvider'),
  },

  'AWS::DynamoDB::Table': {
    service: 'dynamodb',
    request: op('CreateTable'),
    properties: {
      TimeToLiveSpecification: {
        shape: 'UpdateTimeToLiveInput',
        member: 'TimeToLiveSpecification',
      },
      PointInTimeRecoverySpecification: {
        shape: 'UpdateContinuousBackupsInput',
        member: 'PointInTimeRecoverySpecification',
      },
    },
    renames: { 'SSESpecification.SSEEnabled': 'Enabled' },
  },

  // The usage sweeper's schedule: PutRule, then PutTargets with the rule's targets.
  'AWS::Events::Rule': {
    service: 'events',
    request: op('PutRule'),
    properties: { Targets: { shape: 'PutTargetsRequest', member: 'Targets' } },
  },
  'AWS::IAM::Policy': {
    service: 'iam',
    request: op('PutRolePolicy'),
    properties: { Roles: { listOf: 'roleNameType' } },
  },
  'AWS::IAM::Role': {
    service: 'iam',
    request: op('CreateRole'),
    properties: {
      Policies: { listOf: 'PutRolePolicyRequest' },
      ManagedPolicyArns: { listOf: 'arnType' },
    },
  },

  'AWS::KMS::Key': {
    service: 'kms',
    request: op('CreateKey'),
    properties: {
      KeyPolicy: 'Policy',
      PendingWindowInDays: { shape: 'ScheduleKeyDeletionRequest', member: 'PendingWindowInDays' },
      RotationPeriodInDays: { shape: 'EnableKeyRotationRequest', member: 'RotationPeriodInDays' },
    },
    renames: { 'Tag.Key': 'TagKey', 'Tag.Value': 'TagValue' },
  },

  'AWS::Lambda::Function': {
    service: 'lambda',
    request: op('CreateFunction'),
    properties: {
      ReservedConcurrentExecutions: {
        shape: 'PutFunctionConcurrencyRequest',
        member: 'ReservedConcurrentExecutions',
      },
    },
  },
  'AWS::Lambda::Permission': { service: 'lambda', request: op('AddPermission') },

  // CloudWatch Logs: camelCase members.
  'AWS::Logs::LogGroup': {
    service: 'logs',
    request: op('CreateLogGroup'),
    properties: {
      RetentionInDays: { shape: 'PutRetentionPolicyRequest', member: 'retentionInDays' },
    },
  },
  'AWS::Logs::MetricFilter': { service: 'logs', request: op('PutMetricFilter') },
  'AWS::Logs::ResourcePolicy': { service: 'logs', request: op('PutResourcePolicy') },

  'AWS::S3::Bucket': {
    service: 's3',
    request: op('CreateBucket'),
    properties: {
      BucketName: 'Bucket',
      LifecycleConfiguration: { shape: 'BucketLifecycleConfiguration' },
      PublicAccessBlockConfiguration: { shape: 'PublicAccessBlockConfiguration' },
      VersioningConfiguration: { shape: 'VersioningConfiguration' },
      OwnershipControls: { shape: 'OwnershipControls' },
    },
  },
  'AWS::S3::BucketPolicy': {
    service: 's3',
    request: op('PutBucketPolicy'),
    properties: { PolicyDocument: 'Policy' },
  },

  'AWS::SecretsManager::Secret': { service: 'secretsmanager', request: op('CreateSecret') },
  'AWS::SNS::Subscription': { service: 'sns', request: op('Subscribe') },
  'AWS::SNS::Topic': {
    service: 'sns',
    request: op('CreateTopic'),
    properties: { TopicName: 'Name', Subscription: { listOf: 'SubscribeInput' } },
  },
  'AWS::SNS::TopicPolicy': {
    service: 'sns',
    request: op('SetTopicAttributes'),
    properties: { PolicyDocument: 'AttributeValue' },
  },

  'AWS::WAFv2::IPSet': { service: 'wafv2', request: op('CreateIPSet') },
  'AWS::WAFv2::LoggingConfiguration': {
    service: 'wafv2',
    request: { shape: 'PutLoggingConfigurationRequest', member: 'LoggingConfiguration' },
  },
  'AWS::WAFv2::WebACL': { service: 'wafv2', request: op('CreateWebACL') },
  'AWS::WAFv2::WebACLAssociation': { service: 'wafv2', request: op('AssociateWebACL') },
};
