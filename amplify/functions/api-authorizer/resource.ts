import { defineFunction } from '@aws-amplify/backend';
import { functionLogging } from '../../monitoring/function-logging.ts';
import { loadSettings } from '../../settings/index.ts';

const settings = loadSettings();
/** API Gateway TOKEN authorizer for the REST API. Lives in the API's stack (see DESIGN.md). */
export const apiAuthorizer = defineFunction({
  name: 'api-authorizer',
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 5,
  memoryMB: 512,
  resourceGroupName: 'api',
  logging: functionLogging(settings),
});
