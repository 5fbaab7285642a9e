import { AUDIT_ENV } from '../../amplify/audit/table.ts';
import { auditSettingsFor } from '../../amplify/settings/audit.ts';
import type { LocalModels } from '../models/index.ts';
import type { LocalDynamo } from '../usage/dynamo.ts';
import type { LocalKms } from './kms-server.ts';

/** The bucket local mode keeps audit records in (on the local models' S3 stand-in). */
export const LOCAL_AUDIT_BUCKET = 'ml-gateway-audit';

/**
 * The audit trail's environment in local mode: what `AuditStore.connectWriter` sets in AWS, with
 * the sandbox's audit policy, pointed at dynalite, the local S3 and the local KMS.
 */
export function localAuditEnvironment(
  dynamo: LocalDynamo,
  models: LocalModels,
  kms: LocalKms,
): Record<string, string> {
  return {
    [AUDIT_ENV.table]: dynamo.tableNames.audit,
    [AUDIT_ENV.bucket]: LOCAL_AUDIT_BUCKET,
    [AUDIT_ENV.keyId]: kms.keyArn,
    [AUDIT_ENV.policy]: JSON.stringify(auditSettingsFor('sandbox').policy),
    [AUDIT_ENV.s3Endpoint]: models.s3Url,
    [AUDIT_ENV.kmsEndpoint]: kms.endpoint,
  };
}
