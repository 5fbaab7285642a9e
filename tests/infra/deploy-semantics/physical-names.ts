import { type DeployFinding, propertyAt, resourcesOf } from './templates.ts';

/**
 * The property that sets each resource type's physical name, where AWS requires it to be unique
 * (per account and region, or globally for Cognito domains and buckets) or where a shared name
 * shares data (API Gateway metrics by ApiName, alarms and dashboards overwritten by name).
 */
const PHYSICAL_NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::ApiGateway::RestApi': 'Name',
  'AWS::ApiGateway::DomainName': 'DomainName',
  'AWS::Budgets::Budget': 'Budget.BudgetName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::Cognito::UserPoolDomain': 'Domain',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Logs::ResourcePolicy': 'PolicyName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::WAFv2::IPSet': 'Name',
  'AWS::WAFv2::WebACL': 'Name',
};

/** Whether a removal policy keeps the resource after its stack lets go of it. */
const isRetained = (policy: string | undefined) =>
  policy === 'Retain' || policy === 'RetainExceptOnCreate';

/** A literal physical name of a resource, if its type has one and the template fixes it. */
function literalName(type: string, resource: Parameters<typeof propertyAt>[0]) {
  const property = PHYSICAL_NAME_PROPERTIES[type];
  if (!property) return undefined;
  const value = propertyAt(resource, property);
  return typeof value === 'string' ? { property, value } : undefined;
}

/**
 * No retained resource with a fixed literal physical name: the retained copy outlives a failed
 * first create or a deleted stack, and the next create of that name fails ("already exists").
 */
export function checkRetainedNames(templates: Record<string, unknown>): DeployFinding[] {
  return resourcesOf(templates).flatMap(({ template, logicalId, resource }) => {
    if (!isRetained(resource.DeletionPolicy) && !isRetained(resource.UpdateReplacePolicy))
      return [];
    const name = literalName(resource.Type, resource);
    if (!name) return [];
    return [
      {
        rule: 'retained-fixed-name',
        template,
        logicalId,
        message: `${resource.Type} is retained (DeletionPolicy ${resource.DeletionPolicy ?? 'Delete'}, UpdateReplacePolicy ${resource.UpdateReplacePolicy ?? 'Delete'}) with the fixed ${name.property} "${name.value}": re-creating the stack fails on the leftover`,
      },
    ];
  });
}

/**
 * Literal physical names two deployments share. Intrinsic names (generated or derived from the
 * stack) are unique by construction and not compared.
 */
export function sharedPhysicalNames(
  first: Record<string, unknown>,
  second: Record<string, unknown>,
): DeployFinding[] {
  const namesOf = (templates: Record<string, unknown>) =>
    new Map(
      resourcesOf(templates).flatMap(({ template, logicalId, resource }) => {
        const name = literalName(resource.Type, resource);
        return name
          ? [[`${resource.Type} ${name.property}=${name.value}`, { template, logicalId }] as const]
          : [];
      }),
    );
  const theirs = namesOf(second);
  return [...namesOf(first)]
    .filter(([key]) => theirs.has(key))
    .map(([key, where]) => ({
      rule: 'shared-physical-name',
      ...where,
      message: `${key} is also used by the other deployment (${theirs.get(key)!.template}/${theirs.get(key)!.logicalId})`,
    }));
}
