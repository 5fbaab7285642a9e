import { RemovalPolicy } from 'aws-cdk-lib';
import type { EnvironmentSettings } from './schema.ts';

/** The CDK removal policy of the environment's stateful resources (`settings.removalPolicy`). */
export function removalPolicyOf(
  settings: Pick<EnvironmentSettings, 'removalPolicy'>,
): RemovalPolicy {
  return settings.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/**
 * Whether deletion protection is on. Only where the resource is retained: CloudFormation cannot
 * delete a protected resource, so a protected one with DeletionPolicy Delete would leave a failed
 * first create in ROLLBACK_FAILED and a deleted branch in DELETE_FAILED.
 */
export function deletionProtectionOf(
  settings: Pick<EnvironmentSettings, 'removalPolicy'>,
): boolean {
  return settings.removalPolicy === 'retain';
}
