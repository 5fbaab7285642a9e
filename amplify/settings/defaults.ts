import type { EnvironmentName } from './schema.ts';

/** API settings every environment shares. */
const API = { endpointType: 'REGIONAL', maxBodyBytes: 262_144 };

/** Throttling for the deployed environments (a sandbox gets far less). */
const DEPLOYED_THROTTLING = { throttleRateLimit: 1000, throttleBurstLimit: 2000 };

/**
 * Refresh-token lifetimes. Tokens live in the tab's sessionStorage, so this bounds only a tab
 * left open: a working day in staging and production (a refresh token taken from a browser is
 * dead by the next morning), a full day where developers work.
 */
const WORKDAY_REFRESH_HOURS = 12;
const DEVELOPER_REFRESH_HOURS = 24;

/** Settings every environment shares. */
const SHARED = {
  waf: { ratePerFiveMinutes: 2000 },
  authorizerCacheTtlSeconds: 300,
  history: { maxConversationsPerUser: 500, maxMessagesPerConversation: 200 },
  apiKeys: { defaultExpiryDays: 30, maxExpiryDays: 90, maxKeysPerUser: 20, statusCacheSeconds: 60 },
  // Off until an administrator has set up Entra provisioning (docs/entra-id.md).
  directoryAccess: { decisions: 'off', cacheSeconds: 60 },
};

/**
 * Committed per-environment defaults. Values that differ per company (the Entra metadata URL,
 * origins, alarm addresses, the staging and prod hosted-UI domain prefixes) come from Amplify
 * console environment variables; see overrides.ts. Sandbox and dev derive their hosted-UI domain
 * prefix per branch or sandbox (index.ts).
 */
export const DEFAULTS: Record<EnvironmentName, Record<string, unknown>> = {
  sandbox: {
    ...SHARED,
    allowedOrigins: ['http://localhost:4200'],
    api: { ...API, throttleRateLimit: 50, throttleBurstLimit: 100 },
    logRetentionDays: 7,
    refreshTokenValidityHours: DEVELOPER_REFRESH_HOURS,
    removalPolicy: 'destroy',
    // A sandbox's account quota is unknown, and every sandbox would reserve its own share.
    streamReservedConcurrency: 'off',
  },
  dev: {
    ...SHARED,
    allowedOrigins: ['http://localhost:4200'],
    api: { ...API, ...DEPLOYED_THROTTLING },
    logRetentionDays: 30,
    refreshTokenValidityHours: DEVELOPER_REFRESH_HOURS,
    // Feature branches deploy as dev and come and go: deleting one must leave nothing behind.
    removalPolicy: 'destroy',
    // Every connected feature branch deploys as dev: reservations would add up per branch.
    streamReservedConcurrency: 'off',
  },
  staging: {
    ...SHARED,
    allowedOrigins: [],
    api: { ...API, ...DEPLOYED_THROTTLING },
    logRetentionDays: 30,
    refreshTokenValidityHours: WORKDAY_REFRESH_HOURS,
    removalPolicy: 'retain',
    streamReservedConcurrency: 25,
  },
  prod: {
    ...SHARED,
    allowedOrigins: [],
    api: { ...API, ...DEPLOYED_THROTTLING },
    logRetentionDays: 90,
    refreshTokenValidityHours: WORKDAY_REFRESH_HOURS,
    billingAlarmUsd: 1000,
    removalPolicy: 'retain',
    streamReservedConcurrency: 100,
  },
};
