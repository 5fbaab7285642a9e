import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  RESOURCE_POLICY_MAX_CHARS,
  WAF_LOG_GROUP_PREFIX,
  WAF_LOG_POLICY_NAME,
  wafLogResourcePolicy,
} from './waf-log-policy.ts';

const deployDoc = readFileSync(path.resolve(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

interface PolicyStatement {
  Principal: { Service: string };
  Action: string[];
  Resource: string;
  Condition: Record<string, Record<string, string>>;
}

describe('account-level WAF log resource policy', () => {
  const policy = wafLogResourcePolicy('eu-west-1', '111122223333') as {
    Statement: PolicyStatement[];
  };
  const [statement] = policy.Statement;

  it('lets only the log delivery service write, only into aws-waf-logs-* groups of the account', () => {
    expect(policy.Statement).toHaveLength(1);
    expect(statement!.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(statement!.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(statement!.Resource).toBe(
      `arn:aws:logs:eu-west-1:111122223333:log-group:${WAF_LOG_GROUP_PREFIX}*:log-stream:*`,
    );
    expect(statement!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' },
    });
  });

  it('fits a CloudWatch Logs resource policy whatever the region', () => {
    const longest = JSON.stringify(wafLogResourcePolicy('ap-southeast-5', '999999999999'));
    expect(longest.length).toBeLessThan(RESOURCE_POLICY_MAX_CHARS);
  });

  it('is documented in docs/deploy.md exactly as the operator must create it', () => {
    const section = deployDoc.slice(deployDoc.indexOf('## WAF log delivery'));
    const block = /```json\n([\s\S]*?)\n```/.exec(section);
    expect(block, 'no JSON block in the WAF log delivery section').not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(wafLogResourcePolicy('<region>', '<account-id>'));
    expect(deployDoc).toContain(`--policy-name ${WAF_LOG_POLICY_NAME}`);
    expect(deployDoc).toContain('aws logs describe-resource-policies');
  });
});
