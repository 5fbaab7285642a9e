import { SCIM_BASE_PATH, SCIM_METHODS } from '../../amplify/contract/scim.ts';
import { scimSettingsFor } from '../../amplify/directory/scim-settings.ts';
import type { BufferedHandler } from '../api/lambda-invocation.ts';
import type { OpenRoute } from '../api/open-routes.ts';

/** `/scim/v2/{proxy+}` as the emulator serves it: the sandbox's per-method SCIM throttle. */
export function scimOpenRoute(handler: BufferedHandler): OpenRoute {
  const settings = scimSettingsFor('sandbox');
  return {
    basePath: SCIM_BASE_PATH,
    methods: SCIM_METHODS,
    functionName: 'scim-api',
    handler,
    throttle: { rate: settings.throttleRateLimit, burst: settings.throttleBurstLimit },
  };
}
