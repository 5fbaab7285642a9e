import { z } from 'zod';

import { AUTHORIZER_CACHE_TTL_MAX_SECONDS, MAX_ACCESS_CACHE_SECONDS } from '../contract/gateway.ts';
import { domainPrefixProblem } from './deployment-names.ts';

/** Environments the backend knows. A Git branch maps to one; `npx ampx sandbox` is `sandbox`. */
export const ENVIRONMENTS = ['sandbox', 'dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** An explicit web origin (`scheme://host[:port]`), as CORS and OAuth compare it. */
export const originSchema = z
  .url({ protocol: /^https?$/ })
  // The URL parser accepts `*` in a host name; a wildcard origin must never reach CORS or OAuth.
  .refine((value) => !value.includes('*'), { message: 'must be an explicit origin, never *' })
  .refine((value) => !URL.canParse(value) || new URL(value).origin === value, {
    message: 'must be an origin: scheme://host[:port], no path or trailing slash',
  });

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/**
 * Largest stream reservation accepted: the default Lambda account quota (1,000 concurrent
 * executions) minus the 100 that must stay unreserved (AWS Lambda Developer Guide, "Configuring
 * reserved concurrency for a function",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
 */
const MAX_STREAM_RESERVED_CONCURRENCY = 900;

/** Longest API key life any setting may allow: a year, so a forgotten key still dies. */
export const MAX_API_KEY_EXPIRY_DAYS = 365;

/** Every setting of one environment, validated at synth time. */
export const environmentSettingsSchema = z.object({
  name: z.enum(ENVIRONMENTS),
  /** Entra ID federation metadata URL (SAML). Optional only in a sandbox. */
  entraMetadataUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Origins allowed by CORS and used for OAuth callback/logout URLs. Never `*`. */
  allowedOrigins: z.array(originSchema).min(1),
  /** Custom domains of the app (each becomes an origin, callback and logout URL). */
  customDomains: z
    .array(z.string().regex(/^[a-z0-9.-]+$/i, 'must be a bare host name'))
    .default([]),
  /**
   * `ml-gateway-<branch>-<app id>` (or `ml-gateway-<namespace>-<name>` for a sandbox): the REST
   * API's name, unique per deployment (deployment-names.ts). Derived, never configured.
   */
  deploymentName: z.string().min(1),
  /**
   * Cognito hosted-UI domain prefix, unique per region across all AWS accounts. Derived per
   * branch or sandbox in sandbox and dev; staging and prod must name their own.
   */
  authDomainPrefix: z
    .string()
    .superRefine((prefix, context) => {
      const problem = domainPrefixProblem(prefix);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    // Missing only in staging and prod, where loadSettings reports it with the other problems.
    .optional(),
  /**
   * What deleting the stack (or rolling back its first create) does to stateful resources: the
   * user pool, usage tables, their key and log groups. `retain` also turns deletion protection
   * on where the resource has it, so a protected resource is never one CloudFormation must delete.
   */
  removalPolicy: z.enum(['retain', 'destroy']),
  api: z.object({
    throttleRateLimit: z.number().positive(),
    throttleBurstLimit: z.number().int().positive(),
    endpointType: z.enum(['REGIONAL', 'PRIVATE']),
    /** VPC endpoint ids the PRIVATE API accepts calls from. */
    vpcEndpointIds: z.array(z.string().regex(/^vpce-[0-9a-f]+$/)).default([]),
    /** Largest request body accepted, in bytes (gateway, WAF and processor agree). */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024),
  }),
  waf: z.object({
    /** Requests per IP per 5 minutes before WAF blocks. */
    ratePerFiveMinutes: z.number().int().min(10),
    /** When non-empty, only these CIDRs may reach the API. */
    allowedIpCidrs: z.array(z.cidrv4().or(z.cidrv6())).default([]),
  }),
  /** Conversation history caps (usage API), so one user cannot fill the table. */
  history: z.object({
    /** Conversations one user may keep; a new one beyond it is refused (409). */
    maxConversationsPerUser: z.number().int().min(1).max(100_000),
    /** Messages one saved conversation may hold. */
    maxMessagesPerConversation: z.number().int().min(2).max(10_000),
  }),
  /** Personal API keys (docs/programmatic-access.md). */
  apiKeys: z
    .object({
      /** Days a new key lives when its creator names none. */
      defaultExpiryDays: z.number().int().min(1).max(MAX_API_KEY_EXPIRY_DAYS),
      /** Longest life a key may be given, in days. */
      maxExpiryDays: z.number().int().min(1).max(MAX_API_KEY_EXPIRY_DAYS),
      /** Live (neither expired nor revoked) keys one user may hold; one more answers 409. */
      maxKeysPerUser: z.number().int().min(1).max(1000),
      /**
       * Seconds a function reuses a key's revocation status it read: a revoked key is refused
       * within this even where the gateway still holds the authorizer's cached Allow.
       */
      statusCacheSeconds: z.number().int().min(0).max(MAX_ACCESS_CACHE_SECONDS),
    })
    .refine((keys) => keys.defaultExpiryDays <= keys.maxExpiryDays, {
      message: 'defaultExpiryDays must not exceed maxExpiryDays',
      path: ['defaultExpiryDays'],
    }),
  /** Access decisions on the SCIM directory (docs/entra-id.md, "How fast changes apply"). */
  directoryAccess: z.object({
    /**
     * `on` once Entra provisioning (SCIM) is configured: the authorizer and the functions decide
     * on a federated caller's current directory entry (active, groups); `off`: on the token's
     * groups, as without SCIM.
     */
    decisions: z.enum(['on', 'off']),
    /** Seconds a directory entry read for a decision is reused (at most 60). */
    cacheSeconds: z.number().int().min(0).max(MAX_ACCESS_CACHE_SECONDS),
  }),
  alarmEmails: z.array(z.email()).default([]),
  /** Monthly estimated-charges alarm threshold in USD; absent means no billing alarm. */
  billingAlarmUsd: z.number().positive().optional(),
  /**
   * Hours a sign-in can be renewed with its refresh token (counted from the sign-in; rotation
   * does not extend it). More than the 1 h access token, or a refresh would be useless; at most
   * the 30 days the client had before.
   */
  refreshTokenValidityHours: z.number().int().min(2).max(720),
  /** How long API Gateway caches an authorizer decision for a token. 0 disables caching. */
  authorizerCacheTtlSeconds: z.number().int().min(0).max(AUTHORIZER_CACHE_TTL_MAX_SECONDS),
  /**
   * Concurrent executions reserved for the streaming function, which caps how many 15-minute
   * streams run at once so they cannot starve the authorizer and buffered calls. `off` reserves
   * none (the function shares the account's pool). Lambda refuses a reservation that leaves
   * fewer than 100 unreserved executions in the account (see docs/deploy.md for the quota).
   */
  streamReservedConcurrency: z.union(
    [z.literal('off'), z.number().int().min(1).max(MAX_STREAM_RESERVED_CONCURRENCY)],
    { error: `must be a whole number from 1 to ${MAX_STREAM_RESERVED_CONCURRENCY}, or off` },
  ),
  /** Days CloudWatch keeps the API's and functions' logs (a value CloudWatch accepts). */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
});

/** Settings as the schema parses them (before loadSettings' cross-field rules). */
export type ParsedSettings = z.infer<typeof environmentSettingsSchema>;

/** Settings as loadSettings returns them: every required value present. */
export type EnvironmentSettings = z.infer<typeof environmentSettingsSchema> & {
  readonly authDomainPrefix: string;
};
