/**
 * Stand-ins for a construct's unit test in the CDK way (`new Stack()`, the construct,
 * `Template.fromStack`): functions to connect it to, and the IAM statements it granted them.
 */
import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';

import type { BackendFunction } from '../../amplify/usage/usage-tables.ts';

/** One IAM policy statement as the template holds it. */
export interface TemplateStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** A function with an inline handler, for a construct to grant to and point at. */
export function standInFunction(stack: Stack, id: string): LambdaFunction {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({});'),
  });
}

/** A stand-in function in the shape backend.ts hands Amplify functions to the constructs. */
export function standInBackendFunction(stack: Stack, id: string): BackendFunction {
  const lambda = standInFunction(stack, id);
  return {
    resources: { lambda },
    addEnvironment: (key, value) => lambda.addEnvironment(key, value),
  };
}

/**
 * The statements granted to the role of the function whose logical id starts with `prefix`
 * (every policy attached to that role). Throws when no such function is in the template.
 */
export function statementsOfFunction(template: Template, prefix: string): TemplateStatement[] {
  const resources = template.toJSON()['Resources'] as Resources;
  const fnId = Object.keys(resources).find(
    (id) => id.startsWith(prefix) && resources[id]!.Type === 'AWS::Lambda::Function',
  );
  if (!fnId) throw new Error(`no function whose logical id starts with ${prefix}`);
  const roleId = (resources[fnId]!.Properties['Role'] as { 'Fn::GetAtt': string[] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(
      (policy) =>
        (policy.Properties['PolicyDocument'] as { Statement?: TemplateStatement[] }).Statement ??
        [],
    );
}
