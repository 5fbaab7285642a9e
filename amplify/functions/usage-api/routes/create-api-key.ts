import { createApiKeySchema } from '../../../contract/api-key-bodies.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import { parseJsonBody } from '../../shared/json-body.ts';
import { apiKeysOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { auditedKeyOperation, keyChange } from '../key-operation.ts';

/**
 * `POST /keys` `{ name, models, expiresInDays?, budget? }`: a new key, its secret shown once (201).
 * Audited as a key operation (the key's id only, never its secret).
 */
export const createApiKey: ApiRoute<UsageApiDependencies> = auditedKeyOperation({
  method: 'POST',
  path: '/keys',
  handle: async ({ caller, event }, dependencies) => {
    const keys = apiKeysOf(dependencies);
    const body = parseJsonBody(
      event,
      createApiKeySchema(keys.settings.maxExpiryDays),
      dependencies.config.maxBodyBytes,
    );
    const created = await keys.create(caller, body);
    return { status: 201, data: created, changes: keyChange(created.keyId, 'created') };
  },
});
