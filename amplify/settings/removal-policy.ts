import { RemovalPolicy } from 'aws-cdk-lib';

import type { EnvironmentSettings } from './schema.ts';

/** What happens to one kind of stateful resource when its stack deletes or replaces it. */
export interface StatefulRemoval {
  /** Data: the user pool, the usage tables and their key. */
  readonly data: RemovalPolicy;
  /**
   * Deletion protection of data. Only where data is retained: CloudFormation cannot delete a
   * protected resource, so a protected one with DeletionPolicy Delete would leave a failed first
   * create in ROLLBACK_FAILED and a deleted branch in DELETE_FAILED.
   */
  readonly deletionProtection: boolean;
  /**
   * Log groups (API access and execution logs, WAF logs). Kept where data is kept, but removed
   * when the stack's first create fails (RETAIN_ON_UPDATE_OR_DELETE): each group's name is
   * generated or unique per stack, so a kept one never blocks re-creating the branch.
   */
  readonly logs: RemovalPolicy;
}

/**
 * The one decision, per `settings.removalPolicy` (which each environment sets in
 * settings/defaults.ts): `retain` (staging, prod) keeps data and logs, `destroy` (sandbox, dev:
 * feature branches come and go) leaves nothing behind.
 */
const STATEFUL_REMOVAL: Readonly<Record<EnvironmentSettings['removalPolicy'], StatefulRemoval>> = {
  retain: {
    data: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logs: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  },
  destroy: {
    data: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logs: RemovalPolicy.DESTROY,
  },
};

/** The environment's removal policies, for every construct that owns state. */
export function statefulRemovalOf(
  settings: Pick<EnvironmentSettings, 'removalPolicy'>,
): StatefulRemoval {
  return STATEFUL_REMOVAL[settings.removalPolicy];
}

/** The CDK removal policy of the environment's data (`statefulRemovalOf(settings).data`). */
export function removalPolicyOf(
  settings: Pick<EnvironmentSettings, 'removalPolicy'>,
): RemovalPolicy {
  return statefulRemovalOf(settings).data;
}

/** Whether the environment's data has deletion protection on. */
export function deletionProtectionOf(
  settings: Pick<EnvironmentSettings, 'removalPolicy'>,
): boolean {
  return statefulRemovalOf(settings).deletionProtection;
}
