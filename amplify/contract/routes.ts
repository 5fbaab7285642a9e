import type { Group } from './groups.ts';

/**
 * The REST API's routes: one table read by the API construct (resources and methods), the
 * token authorizer (which routes a caller's groups may call), the local API emulator and the
 * app. Paths are relative to the stage root. Bodies are in `route-bodies.ts` (zod, kept apart
 * so the app's bundle does not carry the validators).
 */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. `/ml/sagemaker/jobs/{jobId}`. */
  readonly path: string;
  /** Groups whose members may call the route (the authorizer allows only these). */
  readonly groups: readonly Group[];
  /**
   * Which backend functions serve the route: `bedrock` and `sagemaker` are the ML processor's
   * functions for that provider (each provider's streaming function when `streaming` is set),
   * `usage` the usage/history function.
   */
  readonly target: 'bedrock' | 'sagemaker' | 'usage';
  /** Served with Lambda response streaming (REST API `ResponseTransferMode.STREAM`). */
  readonly streaming?: boolean;
  /**
   * The body holds text a user wrote (a prompt, a saved conversation): the web ACL counts, not
   * blocks, the managed rules that inspect bodies on this route (amplify/security/managed-body-rules.ts).
   */
  readonly carriesPromptText?: boolean;
  /**
   * Only a signed-in user (a Cognito access token) may call it: the authorizer denies it to a
   * personal API key, so a leaked key cannot mint or revoke keys.
   */
  readonly signedInOnly?: boolean;
  /**
   * A key may also come in `x-api-key` (the Anthropic SDK's header): the route uses the REQUEST
   * authorizer, which reads `Authorization` or `x-api-key` and runs on every request (no cache,
   * so a revoked key or an owner's lost group is refused at once; rest-api.ts).
   */
  readonly apiKeyHeader?: boolean;
  readonly description: string;
}

const everyone: readonly Group[] = ['Administrators', 'MLUsers', 'ReadOnly'];
const invokers: readonly Group[] = ['Administrators', 'MLUsers'];

/** Every route of the API. */
export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/ml/models',
    groups: everyone,
    target: 'bedrock',
    description: 'Models the caller may use',
  },
  {
    method: 'POST',
    path: '/ml/bedrock',
    groups: invokers,
    target: 'bedrock',
    carriesPromptText: true,
    description: 'Bedrock Converse',
  },
  {
    method: 'POST',
    path: '/ml/bedrock/stream',
    groups: invokers,
    target: 'bedrock',
    streaming: true,
    carriesPromptText: true,
    description: 'Bedrock ConverseStream, NDJSON',
  },
  {
    method: 'POST',
    path: '/ml/sagemaker',
    groups: invokers,
    target: 'sagemaker',
    carriesPromptText: true,
    description: 'SageMaker InvokeEndpoint (sync or async job)',
  },
  {
    method: 'POST',
    path: '/ml/sagemaker/stream',
    groups: invokers,
    target: 'sagemaker',
    streaming: true,
    carriesPromptText: true,
    description: 'SageMaker streaming endpoint, NDJSON',
  },
  {
    method: 'GET',
    path: '/ml/sagemaker/jobs/{jobId}',
    groups: invokers,
    target: 'sagemaker',
    description: 'Status and result of an async SageMaker job',
  },
  // OpenAI- and Anthropic-compatible endpoints (docs/programmatic-access.md): the SDKs' own
  // paths under a base URL. One path serves `stream: true` and buffered answers, so the chat
  // paths are streaming routes: with the integration's response transfer mode STREAM, API
  // Gateway relays whatever the streaming function writes, a whole JSON answer or events
  // ("Stream the integration response for your proxy integrations in API Gateway",
  // docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html).
  {
    method: 'GET',
    path: '/openai/v1/models',
    groups: invokers,
    target: 'bedrock',
    apiKeyHeader: true,
    description: 'OpenAI-compatible: models the caller may use',
  },
  {
    method: 'POST',
    path: '/openai/v1/chat/completions',
    groups: invokers,
    target: 'bedrock',
    apiKeyHeader: true,
    streaming: true,
    carriesPromptText: true,
    description: 'OpenAI-compatible chat completions (buffered, or SSE with stream true)',
  },
  {
    method: 'POST',
    path: '/openai/v1/embeddings',
    groups: invokers,
    target: 'bedrock',
    apiKeyHeader: true,
    carriesPromptText: true,
    description: 'OpenAI-compatible embeddings (catalog embedding models)',
  },
  {
    method: 'GET',
    path: '/anthropic/v1/models',
    groups: invokers,
    target: 'bedrock',
    apiKeyHeader: true,
    description: 'Anthropic-compatible: models the caller may use',
  },
  {
    method: 'POST',
    path: '/anthropic/v1/messages',
    groups: invokers,
    target: 'bedrock',
    apiKeyHeader: true,
    streaming: true,
    carriesPromptText: true,
    description: 'Anthropic-compatible Messages (buffered, or SSE with stream true)',
  },
  {
    method: 'GET',
    path: '/usage/me',
    groups: everyone,
    target: 'usage',
    description: "The caller's token budget standing and this month's usage",
  },
  {
    method: 'GET',
    path: '/usage/report',
    groups: ['Administrators'],
    target: 'usage',
    description: 'Usage per user, group, model and day with cost estimates',
  },
  {
    method: 'GET',
    path: '/history/conversations',
    groups: invokers,
    target: 'usage',
    description: "The caller's conversations, newest first",
  },
  {
    method: 'GET',
    path: '/history/conversations/{conversationId}',
    groups: invokers,
    target: 'usage',
    description: "Open one of the caller's conversations",
  },
  {
    method: 'PUT',
    path: '/history/conversations/{conversationId}',
    groups: invokers,
    target: 'usage',
    carriesPromptText: true,
    description: "Save one of the caller's conversations",
  },
  {
    method: 'PATCH',
    path: '/history/conversations/{conversationId}',
    groups: invokers,
    target: 'usage',
    // The title starts as the first prompt, so it may hold the same code or exploit strings.
    carriesPromptText: true,
    description: "Rename one of the caller's conversations",
  },
  {
    method: 'DELETE',
    path: '/history/conversations/{conversationId}',
    groups: invokers,
    target: 'usage',
    description: "Delete one of the caller's conversations",
  },
  // Personal API keys (docs/programmatic-access.md): managed only when signed in.
  {
    method: 'GET',
    path: '/keys',
    groups: invokers,
    target: 'usage',
    signedInOnly: true,
    description: "The caller's API keys (never their secrets) and the key limits",
  },
  {
    method: 'POST',
    path: '/keys',
    groups: invokers,
    target: 'usage',
    signedInOnly: true,
    description: 'Create an API key; its secret is in this answer only',
  },
  {
    method: 'DELETE',
    path: '/keys/{keyId}',
    groups: invokers,
    target: 'usage',
    signedInOnly: true,
    description: "Revoke one of the caller's API keys",
  },
  {
    method: 'GET',
    path: '/admin/keys',
    groups: ['Administrators'],
    target: 'usage',
    signedInOnly: true,
    description: "Every user's API keys (Administrators)",
  },
  {
    method: 'DELETE',
    path: '/admin/keys/{keyId}',
    groups: ['Administrators'],
    target: 'usage',
    signedInOnly: true,
    description: "Revoke anyone's API key (Administrators)",
  },
  {
    method: 'GET',
    path: '/audit/records',
    groups: ['Administrators'],
    target: 'usage',
    // A leaked key must not read who did what: the audit is for signed-in administrators.
    signedInOnly: true,
    description: 'Audit record metadata of one day, filtered (never the captured content)',
  },
  {
    method: 'POST',
    path: '/audit/records/{recordId}/content',
    groups: ['Administrators'],
    target: 'usage',
    // Reading someone's content needs a person signed in, never a key (docs/audit.md).
    signedInOnly: true,
    description: "Read one record's captured content, with a reason (audited, shown to its owner)",
  },
  {
    method: 'GET',
    path: '/audit/content-reads',
    groups: everyone,
    target: 'usage',
    description: "Who read the caller's captured content, when and why",
  },
  // The group-mapping table (docs/entra-id.md): who gets which group is for signed-in administrators.
  {
    method: 'GET',
    path: '/admin/group-mapping',
    groups: ['Administrators'],
    target: 'usage',
    signedInOnly: true,
    description: 'The group-mapping table and its version (Administrators)',
  },
  {
    method: 'PUT',
    path: '/admin/group-mapping',
    groups: ['Administrators'],
    target: 'usage',
    signedInOnly: true,
    description: 'Replace the group-mapping table from the version read (Administrators, audited)',
  },
];
