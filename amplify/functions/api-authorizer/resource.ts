import { defineFunction } from '@aws-amplify/backend';
import { AUTHORIZER_TIMEOUT_SECONDS } from '../../contract/gateway.ts';
import { functionLogging } from '../../monitoring/function-logging.ts';
import { loadSettings } from '../../settings/index.ts';

const settings = loadSettings();
/** API Gateway TOKEN authorizer for the REST API. Lives in the API's stack (see DESIGN.md). */
export const apiAuthorizer = defineFunction({
  name: 'api-authorizer',
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: AUTHORIZER_TIMEOUT_SECONDS,
  memoryMB: 512,
  resourceGroupName: 'api',
  logging: functionLogging(settings),
});
