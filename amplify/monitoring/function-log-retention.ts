import { Aspects, CfnResource, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

import { retentionDays } from '../api/log-retention.ts';

/**
 * Gives every Lambda function that has no log group of its own one with the environment's
 * retention: the functions Amplify adds itself (the branch linker custom resource and its
 * provider) and CDK's custom resource providers (the audit bucket's object auto-delete in
 * sandboxes) would otherwise log to a `/aws/lambda/` group Lambda creates and keeps forever. The
 * app's own functions get theirs from `esmFunction` (functions/shared/esm-function.ts).
 */
export function retainLogsOfEveryFunction(scope: IConstruct, days: number): void {
  Aspects.of(scope).add(new FunctionLogGroups(days));
}

class FunctionLogGroups implements IAspect {
  readonly #days: number;

  constructor(days: number) {
    this.#days = days;
  }

  visit(node: IConstruct): void {
    if (node instanceof CfnFunction) {
      const logging = Stack.of(node).resolve(node.loggingConfig) as
        { logGroup?: unknown } | undefined;
      if (logging?.logGroup) return;
      node.loggingConfig = { ...(logging ?? {}), logGroup: this.#groupFor(node).logGroupName };
    } else if (
      node instanceof CfnResource &&
      node.cfnResourceType === 'AWS::Lambda::Function' &&
      !node.getMetadata('mlgateway:log-group')
    ) {
      // CDK's custom resource providers write their function as a plain CfnResource.
      node.addPropertyOverride('LoggingConfig.LogGroup', this.#groupFor(node).logGroupName);
      node.addMetadata('mlgateway:log-group', true);
    }
  }

  #groupFor(node: IConstruct): LogGroup {
    return new LogGroup(node.node.scope!, 'LogGroup', {
      retention: retentionDays(this.#days),
      // Not the environment's log policy (settings/removal-policy.ts): deploy helpers log no
      // request of any user, so nothing in them is worth keeping past the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
