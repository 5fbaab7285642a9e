import type { EnvironmentName } from './schema.ts';

/**
 * Committed per-environment defaults. Values that differ per company (the Entra metadata URL,
 * origins, alarm addresses) come from Amplify console environment variables; see overrides.ts.
 */
export const DEFAULTS: Record<EnvironmentName, Record<string, unknown>> = {
  sandbox: {
    allowedOrigins: ['http://localhost:4200'],
    authDomainPrefix: 'ml-gateway-sandbox',
    api: {
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      endpointType: 'REGIONAL',
      maxBodyBytes: 262_144,
    },
    waf: { ratePerFiveMinutes: 2000 },
    authorizerCacheTtlSeconds: 300,
    logRetentionDays: 7,
  },
  dev: {
    allowedOrigins: ['http://localhost:4200'],
    authDomainPrefix: 'ml-gateway-dev',
    api: {
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      endpointType: 'REGIONAL',
      maxBodyBytes: 262_144,
    },
    waf: { ratePerFiveMinutes: 2000 },
    authorizerCacheTtlSeconds: 300,
    logRetentionDays: 30,
  },
  staging: {
    allowedOrigins: [],
    authDomainPrefix: 'ml-gateway-staging',
    api: {
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      endpointType: 'REGIONAL',
      maxBodyBytes: 262_144,
    },
    waf: { ratePerFiveMinutes: 2000 },
    authorizerCacheTtlSeconds: 300,
    logRetentionDays: 30,
  },
  prod: {
    allowedOrigins: [],
    authDomainPrefix: 'ml-gateway',
    api: {
      throttleRateLimit: 1000,
      throttleBurstLimit: 2000,
      endpointType: 'REGIONAL',
      maxBodyBytes: 262_144,
    },
    waf: { ratePerFiveMinutes: 2000 },
    authorizerCacheTtlSeconds: 300,
    logRetentionDays: 90,
    billingAlarmUsd: 1000,
  },
};
