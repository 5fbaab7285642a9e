import type { ApiRoute } from '../../shared/api-router.ts';
import { apiKeysOf, keyIdOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { auditedKeyOperation, keyChange } from '../key-operation.ts';

/** `DELETE /keys/{keyId}`: revokes one of the caller's keys (404 for anyone else's); audited. */
export const revokeOwnApiKey: ApiRoute<UsageApiDependencies> = auditedKeyOperation({
  method: 'DELETE',
  path: '/keys/{keyId}',
  handle: async ({ caller, event }, dependencies) => {
    const revoked = await apiKeysOf(dependencies).revokeOwn(caller, keyIdOf(event));
    return { data: revoked, changes: keyChange(revoked.keyId, 'revoked') };
  },
});
