/** WAF delivers only to log groups whose name starts with this ("Log group naming", logging-cw-logs.html). */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** The account-level CloudWatch Logs resource policy the operator creates once per account and region. */
export const WAF_LOG_POLICY_NAME = 'ml-gateway-waf-logs';

/** CloudWatch Logs resource policies hold at most 5,120 characters (PutResourcePolicy, AWS::Logs::ResourcePolicy). */
export const RESOURCE_POLICY_MAX_CHARS = 5120;

/**
 * The resource policy that lets the log delivery service write every `aws-waf-logs-*` group of the
 * account and region. Created once, it covers every branch and sandbox: WAF then finds each new
 * log group already allowed and appends nothing to the shared policy, whose 5,120 characters
 * every per-group statement would otherwise consume ("Enabling logging from AWS services":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
 */
export function wafLogResourcePolicy(region: string, accountId: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WafLogDeliveryToAwsWafLogsGroups',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:${region}:${accountId}:log-group:${WAF_LOG_GROUP_PREFIX}*:log-stream:*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*` },
        },
      },
    ],
  };
}
