import { DEFAULTS } from './defaults.ts';
import {
  environmentSettingsSchema,
  type EnvironmentName,
  type EnvironmentSettings,
} from './schema.ts';

export type { EnvironmentName, EnvironmentSettings } from './schema.ts';

/** Which environment a synth is for: from Amplify's backend context, or `AWS_BRANCH`. */
export interface DeploymentTarget {
  environment: EnvironmentName;
  /** Git branch for a branch deploy; undefined for a sandbox. */
  branch?: string;
  /** Amplify app id for a branch deploy (the Amplify default domain needs it). */
  appId?: string;
}

const BRANCH_ENVIRONMENTS: Record<string, EnvironmentName> = {
  main: 'prod',
  staging: 'staging',
  dev: 'dev',
};

/** Reads the deployment target from the CDK context Amplify passes (`CDK_CONTEXT_JSON`). */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): DeploymentTarget {
  const context = env['CDK_CONTEXT_JSON']
    ? (JSON.parse(env['CDK_CONTEXT_JSON']) as Record<string, string>)
    : {};
  const type = context['amplify-backend-type'];
  const branch = type === 'branch' ? context['amplify-backend-name'] : env['AWS_BRANCH'];
  if (type === 'sandbox' || !branch) return { environment: 'sandbox' };
  // Any other branch (feature branches) deploys with the dev settings.
  return {
    environment: BRANCH_ENVIRONMENTS[branch] ?? 'dev',
    branch,
    appId: context['amplify-backend-namespace'] ?? env['AWS_APP_ID'],
  };
}

/** Thrown when a setting is missing or invalid; the message names the setting and environment. */
export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);

/** Environment variables (set per branch in the Amplify console) that override the defaults. */
function overridesFrom(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const number = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  return {
    entraMetadataUrl: env['ENTRA_METADATA_URL'],
    allowedOrigins: list(env['ALLOWED_ORIGINS']),
    customDomains: list(env['CUSTOM_DOMAINS']),
    authDomainPrefix: env['AUTH_DOMAIN_PREFIX'],
    alarmEmails: list(env['ALARM_EMAILS']),
    billingAlarmUsd: number('BILLING_ALARM_USD'),
    authorizerCacheTtlSeconds: number('AUTHORIZER_CACHE_TTL_SECONDS'),
    api: {
      throttleRateLimit: number('API_THROTTLE_RATE_LIMIT'),
      throttleBurstLimit: number('API_THROTTLE_BURST_LIMIT'),
      endpointType: env['API_ENDPOINT_TYPE'],
      vpcEndpointIds: list(env['API_VPC_ENDPOINT_IDS']),
      maxBodyBytes: number('API_MAX_BODY_BYTES'),
    },
    waf: {
      ratePerFiveMinutes: number('WAF_RATE_PER_5_MIN'),
      allowedIpCidrs: list(env['WAF_ALLOWED_IP_CIDRS']),
    },
  };
}

/** Deep merge where `undefined` in the override keeps the default. */
function merge(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return result;
}

/** The validated settings of the target environment; throws InvalidSettingsError otherwise. */
export function loadSettings(
  env: NodeJS.ProcessEnv = process.env,
  target = resolveTarget(env),
): EnvironmentSettings {
  const raw = merge(
    { ...DEFAULTS[target.environment], name: target.environment },
    overridesFrom(env),
  );
  const parsed = environmentSettingsSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (parsed.success && target.environment !== 'sandbox' && !parsed.data.entraMetadataUrl) {
    problems.push('entraMetadataUrl: required (set ENTRA_METADATA_URL for this branch)');
  }
  if (
    parsed.success &&
    parsed.data.api.endpointType === 'PRIVATE' &&
    parsed.data.api.vpcEndpointIds.length === 0
  ) {
    problems.push(
      'api.vpcEndpointIds: a PRIVATE API needs at least one VPC endpoint id (API_VPC_ENDPOINT_IDS)',
    );
  }
  if (problems.length > 0 || !parsed.success) {
    throw new InvalidSettingsError(
      `Invalid settings for environment "${target.environment}":\n  - ${problems.join('\n  - ')}`,
    );
  }
  const settings = parsed.data;
  // Custom domains and the branch's Amplify domain are origins too (CORS, callback, logout).
  const origins = new Set(settings.allowedOrigins);
  for (const domain of settings.customDomains) origins.add(`https://${domain}`);
  if (target.branch && target.appId)
    origins.add(
      `https://${target.branch.replace(/[^a-zA-Z0-9-]/g, '-')}.${target.appId}.amplifyapp.com`,
    );
  return { ...settings, allowedOrigins: [...origins] };
}
