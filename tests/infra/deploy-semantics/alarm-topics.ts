import { type DeployFinding, type LocatedResource, refTarget, resourcesOf } from './templates.ts';

const ALARM_ACTION_PROPERTIES = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];
const CLOUDWATCH_PRINCIPAL = 'cloudwatch.amazonaws.com';

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | { Service?: string | string[] };
}

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** Whether a statement lets CloudWatch publish to the topic. */
function allowsCloudWatchPublish(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow') return false;
  const actions = asList(statement.Action);
  if (!actions.some((a) => a === 'sns:Publish' || a === 'sns:*' || a === '*')) return false;
  const principal = statement.Principal;
  if (principal === undefined || typeof principal === 'string') return false;
  return asList(principal.Service).includes(CLOUDWATCH_PRINCIPAL);
}

/**
 * Alarm topics CloudWatch may publish to. An `AWS::SNS::TopicPolicy` replaces the topic's default
 * access policy (CloudFormation template reference, "AWS::SNS::TopicPolicy",
 * docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html), so a topic that alarms
 * notify and that has a policy must Allow `sns:Publish` to `cloudwatch.amazonaws.com`.
 */
export function checkAlarmTopics(templates: Record<string, unknown>): DeployFinding[] {
  const resources = resourcesOf(templates);
  const byTemplate = (template: string) => resources.filter((r) => r.template === template);
  const findings: DeployFinding[] = [];
  const checked = new Set<string>();
  for (const alarm of resources.filter((r) => r.resource.Type === 'AWS::CloudWatch::Alarm')) {
    const siblings = byTemplate(alarm.template);
    for (const action of ALARM_ACTION_PROPERTIES.flatMap((p) =>
      asList(alarm.resource.Properties?.[p]),
    )) {
      const topicId = refTarget(action);
      const topic = siblings.find(
        (r) => r.logicalId === topicId && r.resource.Type === 'AWS::SNS::Topic',
      );
      if (!topic || checked.has(`${topic.template}/${topic.logicalId}`)) continue;
      checked.add(`${topic.template}/${topic.logicalId}`);
      findings.push(...checkTopicPolicies(topic, siblings));
    }
  }
  return findings;
}

function checkTopicPolicies(topic: LocatedResource, siblings: LocatedResource[]): DeployFinding[] {
  const policies = siblings.filter(
    (r) =>
      r.resource.Type === 'AWS::SNS::TopicPolicy' &&
      asList(r.resource.Properties?.['Topics']).some((t) => refTarget(t) === topic.logicalId),
  );
  return policies
    .filter((policy) => {
      const document = policy.resource.Properties?.['PolicyDocument'] as
        { Statement?: PolicyStatement | PolicyStatement[] } | undefined;
      return !asList(document?.Statement).some((s) =>
        allowsCloudWatchPublish(s as PolicyStatement),
      );
    })
    .map((policy) => ({
      rule: 'alarm-topic-policy',
      template: policy.template,
      logicalId: policy.logicalId,
      message: `replaces the default policy of alarm topic ${topic.logicalId} without allowing sns:Publish to ${CLOUDWATCH_PRINCIPAL}: its alarms can never notify`,
    }));
}
