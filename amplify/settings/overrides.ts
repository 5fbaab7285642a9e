/** How an environment variable's text becomes a setting value. */
export type VariableKind = 'text' | 'list' | 'number' | 'numberOrOff';

/** One environment variable (set per branch in the Amplify console) that overrides a setting. */
export interface SettingVariable {
  /** Dotted path of the setting in `EnvironmentSettings`, e.g. `api.throttleRateLimit`. */
  readonly setting: string;
  readonly kind: VariableKind;
}

/**
 * Every environment variable the settings read, by name. docs/deploy.md lists each one with its
 * default per environment (a test keeps the two in step).
 */
export const SETTING_VARIABLES = {
  ENTRA_METADATA_URL: { setting: 'entraMetadataUrl', kind: 'text' },
  ALLOWED_ORIGINS: { setting: 'allowedOrigins', kind: 'list' },
  CUSTOM_DOMAINS: { setting: 'customDomains', kind: 'list' },
  AUTH_DOMAIN_PREFIX: { setting: 'authDomainPrefix', kind: 'text' },
  ALARM_EMAILS: { setting: 'alarmEmails', kind: 'list' },
  BILLING_ALARM_USD: { setting: 'billingAlarmUsd', kind: 'number' },
  AUTHORIZER_CACHE_TTL_SECONDS: { setting: 'authorizerCacheTtlSeconds', kind: 'number' },
  REFRESH_TOKEN_VALIDITY_HOURS: { setting: 'refreshTokenValidityHours', kind: 'number' },
  LOG_RETENTION_DAYS: { setting: 'logRetentionDays', kind: 'number' },
  STREAM_RESERVED_CONCURRENCY: { setting: 'streamReservedConcurrency', kind: 'numberOrOff' },
  API_THROTTLE_RATE_LIMIT: { setting: 'api.throttleRateLimit', kind: 'number' },
  API_THROTTLE_BURST_LIMIT: { setting: 'api.throttleBurstLimit', kind: 'number' },
  API_ENDPOINT_TYPE: { setting: 'api.endpointType', kind: 'text' },
  API_VPC_ENDPOINT_IDS: { setting: 'api.vpcEndpointIds', kind: 'list' },
  API_MAX_BODY_BYTES: { setting: 'api.maxBodyBytes', kind: 'number' },
  WAF_RATE_PER_5_MIN: { setting: 'waf.ratePerFiveMinutes', kind: 'number' },
  WAF_ALLOWED_IP_CIDRS: { setting: 'waf.allowedIpCidrs', kind: 'list' },
  HISTORY_MAX_CONVERSATIONS_PER_USER: {
    setting: 'history.maxConversationsPerUser',
    kind: 'number',
  },
  HISTORY_MAX_MESSAGES_PER_CONVERSATION: {
    setting: 'history.maxMessagesPerConversation',
    kind: 'number',
  },
  API_KEYS_DEFAULT_EXPIRY_DAYS: { setting: 'apiKeys.defaultExpiryDays', kind: 'number' },
  API_KEYS_MAX_EXPIRY_DAYS: { setting: 'apiKeys.maxExpiryDays', kind: 'number' },
  API_KEYS_MAX_PER_USER: { setting: 'apiKeys.maxKeysPerUser', kind: 'number' },
  API_KEYS_STATUS_CACHE_SECONDS: { setting: 'apiKeys.statusCacheSeconds', kind: 'number' },
  DIRECTORY_ACCESS: { setting: 'directoryAccess.decisions', kind: 'text' },
  DIRECTORY_ACCESS_CACHE_SECONDS: { setting: 'directoryAccess.cacheSeconds', kind: 'number' },
} as const satisfies Record<string, SettingVariable>;

export type SettingVariableName = keyof typeof SETTING_VARIABLES;

/** Blank or partly numeric text must fail validation, not become 0 (`Number('')`) silently. */
const parseNumber = (raw: string) => (/^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN);

const parse: Record<VariableKind, (raw: string) => unknown> = {
  text: (raw) => raw.trim(),
  list: (raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  number: parseNumber,
  // `off` turns a feature off explicitly (an unset variable keeps the environment's default).
  numberOrOff: (raw) => (raw.trim().toLowerCase() === 'off' ? 'off' : parseNumber(raw)),
};

/** The overrides present in `env`, as a nested object shaped like the settings. */
export function overridesFrom(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(SETTING_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined) continue;
    const keys = variable.setting.split('.');
    let node = overrides;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys.at(-1)!] = parse[variable.kind](raw);
  }
  return overrides;
}

/** The environment variable that sets the setting at `path` (or one of its items), if any. */
export function variableFor(path: readonly PropertyKey[]): SettingVariableName | undefined {
  const dotted = path.map(String).join('.');
  return (Object.keys(SETTING_VARIABLES) as SettingVariableName[]).find((name) => {
    const setting = SETTING_VARIABLES[name].setting;
    return dotted === setting || dotted.startsWith(`${setting}.`);
  });
}
