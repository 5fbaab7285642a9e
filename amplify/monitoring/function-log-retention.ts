import { Aspects, type IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

import { retentionDays } from '../api/log-retention.ts';

/**
 * Gives every Lambda function that has no log group of its own one with the environment's
 * retention: the functions Amplify adds itself (the branch linker custom resource and its
 * provider) would otherwise log to a `/aws/lambda/` group Lambda creates and keeps forever. The
 * app's own functions get theirs from `defineFunction({ logging })` (function-logging.ts).
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
    if (!(node instanceof CfnFunction)) return;
    const logging = Stack.of(node).resolve(node.loggingConfig) as
      { logGroup?: unknown } | undefined;
    if (logging?.logGroup) return;
    const group = new LogGroup(node.node.scope!, 'LogGroup', {
      retention: retentionDays(this.#days),
      // Not the environment's log policy (settings/removal-policy.ts): Amplify's deploy helpers
      // log no request of any user, so nothing in them is worth keeping past the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    node.loggingConfig = { ...(logging ?? {}), logGroup: group.logGroupName };
  }
}
