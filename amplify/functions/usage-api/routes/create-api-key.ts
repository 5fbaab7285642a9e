import { createApiKeySchema } from '../../../contract/api-key-bodies.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import { parseJsonBody } from '../../shared/json-body.ts';
import { apiKeysOf } from '../api-key-routes.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/** `POST /keys` `{ name, models, expiresInDays?, budget? }`: a new key, its secret shown once (201). */
export const createApiKey: ApiRoute<UsageApiDependencies> = {
  method: 'POST',
  path: '/keys',
  handle: async ({ caller, event }, dependencies) => {
    const keys = apiKeysOf(dependencies);
    const body = parseJsonBody(
      event,
      createApiKeySchema(keys.settings.maxExpiryDays),
      dependencies.config.maxBodyBytes,
    );
    return { status: 201, data: await keys.create(caller, body) };
  },
};
