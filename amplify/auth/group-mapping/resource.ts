import { defineFunction } from '@aws-amplify/backend';
import { functionLogging } from '../../monitoring/function-logging.ts';
import { loadSettings } from '../../settings/index.ts';

const settings = loadSettings();
/** The pre-token-generation trigger that maps Entra ID claims to Cognito groups. */
export const groupMapping = defineFunction({
  name: 'group-mapping',
  entry: './handler.ts',
  runtime: 24,
  // Cognito gives a trigger 5 s; the mapping is a table lookup.
  timeoutSeconds: 5,
  memoryMB: 256,
  // Cognito triggers live in the auth stack (see DESIGN.md).
  resourceGroupName: 'auth',
  logging: functionLogging(settings),
});
