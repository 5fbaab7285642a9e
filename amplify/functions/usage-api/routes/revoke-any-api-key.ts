import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf, keyIdOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { auditedKeyOperation, keyChange } from '../key-operation.ts';

/**
 * `DELETE /admin/keys/{keyId}`: revokes anyone's key (Administrators); audited as a key
 * operation kept as long as the Administrators' ones.
 */
export const revokeAnyApiKey: ApiRoute<UsageApiDependencies> = auditedKeyOperation(
  {
    method: 'DELETE',
    path: '/admin/keys/{keyId}',
    handle: async ({ caller, event }, dependencies) => {
      const revoked = await apiKeysOf(dependencies).revokeAny(caller, keyIdOf(event));
      return { data: revoked, changes: keyChange(revoked.keyId, 'revoked') };
    },
  },
  'Administrators',
);
