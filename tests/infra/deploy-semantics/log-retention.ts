import {
  type DeployFinding,
  isIntrinsic,
  propertyAt,
  refTarget,
  resourcesOf,
  type TemplateResource,
} from './templates.ts';

const LAMBDA_LOG_PREFIX = '/aws/lambda/';

/**
 * Which function a log group name is the default group of: `/aws/lambda/<literal name>`, or the
 * name CDK writes as `Fn::Join ['', ['/aws/lambda/', { Ref: fn }]]` or `Fn::Sub '/aws/lambda/${fn}'`.
 */
function lambdaLogGroupOf(name: unknown): { name?: string; ref?: string } | undefined {
  if (typeof name === 'string')
    return name.startsWith(LAMBDA_LOG_PREFIX)
      ? { name: name.slice(LAMBDA_LOG_PREFIX.length) }
      : undefined;
  if (!isIntrinsic(name)) return undefined;
  const join = name['Fn::Join'] as [string, unknown[]] | undefined;
  if (join && join[0] === '' && join[1].length === 2 && join[1][0] === LAMBDA_LOG_PREFIX)
    return { ref: refTarget(join[1][1]) };
  const sub = name['Fn::Sub'];
  const match = typeof sub === 'string' ? /^\/aws\/lambda\/\$\{([^}.]+)\}$/.exec(sub) : null;
  return match ? { ref: match[1] } : undefined;
}

const hasRetention = (resource: TemplateResource) =>
  resource.Properties?.['RetentionInDays'] !== undefined;

/**
 * Every log group has a retention, and so does every function's: a function without
 * `LoggingConfig.LogGroup` writes to `/aws/lambda/<name>`, which Lambda creates with no expiry
 * unless the stack declares that group (or CDK's LogRetention resource) with a retention.
 */
export function checkLogRetention(templates: Record<string, unknown>): DeployFinding[] {
  const resources = resourcesOf(templates);
  const findings: DeployFinding[] = resources
    .filter((r) => r.resource.Type === 'AWS::Logs::LogGroup' && !hasRetention(r.resource))
    .map(({ template, logicalId }) => ({
      rule: 'log-retention',
      template,
      logicalId,
      message: 'log group without RetentionInDays keeps its logs forever',
    }));
  const retainedFunctionGroups = resources
    .filter(
      (r) =>
        (r.resource.Type === 'AWS::Logs::LogGroup' || r.resource.Type === 'Custom::LogRetention') &&
        hasRetention(r.resource),
    )
    .map((r) => ({
      template: r.template,
      target: lambdaLogGroupOf(
        r.resource.Properties?.['LogGroupName'] ?? r.resource.Properties?.['LogGroup'],
      ),
    }));
  for (const { template, logicalId, resource } of resources) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    if (propertyAt(resource, 'LoggingConfig.LogGroup') !== undefined) continue;
    const functionName = resource.Properties?.['FunctionName'];
    const covered = retainedFunctionGroups.some(
      (group) =>
        group.template === template &&
        (group.target?.ref === logicalId ||
          (typeof functionName === 'string' && group.target?.name === functionName)),
    );
    if (!covered)
      findings.push({
        rule: 'log-retention',
        template,
        logicalId,
        message:
          'function logs to /aws/lambda/<name> with no retention: set LoggingConfig.LogGroup to a group with RetentionInDays, or declare that group with one',
      });
  }
  return findings;
}
