/**
 * The processors' `bedrock:ApplyGuardrail` in the synthesized backend: exactly the guardrails the
 * deployed catalog's policies name (guardrail-arns.ts), on both functions, and nowhere else.
 */
import { describe, expect, it } from 'vitest';

import { CATALOG } from '../../amplify/catalog.ts';
import { guardrailArns } from '../../amplify/guardrails/guardrail-arns.ts';
import { policiesByName } from '../../amplify/guardrails/policies.ts';
import { nestedStack } from './assembly.ts';
import type {
  PolicyStatement as Statement,
  TemplateResource as Resource,
} from './template-types.ts';

/** `{Ref: AWS::Region}` as `${AWS::Region}`, joins joined: ARNs as text. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return `\${${String(node['Ref'])}}`;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
}

describe('ApplyGuardrail grants', () => {
  it('name exactly the catalog policies’ guardrails, on the processors only', () => {
    const api = nestedStack('api', 'prod');
    const policies = Object.values(api.findResources('AWS::IAM::Policy')) as Resource[];
    const granted = new Map<string, string[]>();
    for (const policy of policies)
      for (const statement of (policy.Properties['PolicyDocument'] as { Statement: Statement[] })
        .Statement)
        if ([statement.Action].flat().includes('bedrock:ApplyGuardrail'))
          granted.set(
            String(policy.Properties['PolicyName']),
            [statement.Resource].flat().map(render).sort(),
          );
    const expected = guardrailArns(CATALOG, policiesByName(), {
      partition: '${AWS::Partition}',
      region: '${AWS::Region}',
      account: '${AWS::AccountId}',
    });
    if (expected.length === 0) expect([...granted.keys()]).toEqual([]);
    else {
      // The four processor functions (Bedrock and SageMaker, buffered and streaming).
      expect([...granted.keys()]).toHaveLength(4);
      for (const name of granted.keys()) expect(name).toMatch(/^ml/);
      for (const resources of granted.values()) expect(resources).toEqual(expected);
    }
  });
});
