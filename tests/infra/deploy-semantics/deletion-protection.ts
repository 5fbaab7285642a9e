import { type DeployFinding, resourcesOf } from './templates.ts';

/** `DeletionProtection: ACTIVE` (Cognito), `DeletionProtectionEnabled: true` (DynamoDB, Logs, ...). */
const isProtectionOn = (name: string, value: unknown) =>
  /^DeletionProtection(Enabled)?$/.test(name) &&
  (value === true || value === 'true' || value === 'ACTIVE');

/**
 * A resource with deletion protection on must have DeletionPolicy Retain: otherwise a failed first
 * create (or a stack delete) tries to delete it, the service refuses, and the stack ends in
 * ROLLBACK_FAILED / DELETE_FAILED. RetainExceptOnCreate still deletes on a failed create.
 */
export function checkDeletionProtection(templates: Record<string, unknown>): DeployFinding[] {
  return resourcesOf(templates).flatMap(({ template, logicalId, resource }) => {
    const protection = Object.entries(resource.Properties ?? {}).find(([name, value]) =>
      isProtectionOn(name, value),
    );
    if (!protection || resource.DeletionPolicy === 'Retain') return [];
    return [
      {
        rule: 'deletion-protection-policy',
        template,
        logicalId,
        message: `${resource.Type} has ${protection[0]}: ${JSON.stringify(protection[1])} but DeletionPolicy ${resource.DeletionPolicy ?? 'Delete'}: a rollback or delete cannot remove it (use Retain)`,
      },
    ];
  });
}
