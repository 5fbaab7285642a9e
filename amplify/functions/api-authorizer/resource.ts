import { defineFunction } from '@aws-amplify/backend';

/** API Gateway TOKEN authorizer for the REST API. Lives in the API's stack (see DESIGN.md). */
export const apiAuthorizer = defineFunction({
  name: 'api-authorizer',
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 5,
  memoryMB: 512,
  resourceGroupName: 'api',
});
