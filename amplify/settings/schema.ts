import { z } from 'zod';

/** Environments the backend knows. A Git branch maps to one; `npx ampx sandbox` is `sandbox`. */
export const ENVIRONMENTS = ['sandbox', 'dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

const origin = z
  .url({ protocol: /^https?$/ })
  // The URL parser accepts `*` in a host name; a wildcard origin must never reach CORS or OAuth.
  .refine((value) => !value.includes('*'), { message: 'must be an explicit origin, never *' })
  .refine((value) => !URL.canParse(value) || new URL(value).origin === value, {
    message: 'must be an origin: scheme://host[:port], no path or trailing slash',
  });

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Every setting of one environment, validated at synth time. */
export const environmentSettingsSchema = z.object({
  name: z.enum(ENVIRONMENTS),
  /** Entra ID federation metadata URL (SAML). Optional only in a sandbox. */
  entraMetadataUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Origins allowed by CORS and used for OAuth callback/logout URLs. Never `*`. */
  allowedOrigins: z.array(origin).min(1),
  /** Custom domains of the app (each becomes an origin, callback and logout URL). */
  customDomains: z
    .array(z.string().regex(/^[a-z0-9.-]+$/i, 'must be a bare host name'))
    .default([]),
  /** Cognito hosted-UI domain prefix. */
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens'),
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
  authorizerCacheTtlSeconds: z.number().int().min(0).max(3600),
  /** Days CloudWatch keeps the API's and functions' logs (a value CloudWatch accepts). */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
    }),
});

export type EnvironmentSettings = z.infer<typeof environmentSettingsSchema>;
