import { describe, expect, it } from 'vitest';

import {
  type DeploymentTarget,
  InvalidSettingsError,
  loadSettings,
  resolveTarget,
  SETTING_VARIABLES,
  type SettingVariableName,
} from './index.ts';
import { ENVIRONMENTS } from './schema.ts';

const METADATA_URL =
  'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml';

/** The CDK context Amplify passes for a branch deploy of app `app123`. */
const branchContext = (branch: string) =>
  JSON.stringify({
    'amplify-backend-namespace': 'app123',
    'amplify-backend-name': branch,
    'amplify-backend-type': 'branch',
  });

const prod: DeploymentTarget = { environment: 'prod', branch: 'main', appId: 'app123' };

/** Loads the settings, returning the InvalidSettingsError message (or failing the test). */
function failure(env: NodeJS.ProcessEnv, target?: DeploymentTarget): string {
  try {
    loadSettings(env, target);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingsError);
    return (error as Error).message;
  }
  throw new Error('expected loadSettings to throw InvalidSettingsError');
}

describe('resolveTarget: branch to environment', () => {
  it.each([
    ['main', 'prod'],
    ['staging', 'staging'],
    ['dev', 'dev'],
    ['feature/new-chat', 'dev'],
  ])('branch %s deploys the %s environment', (branch, environment) => {
    expect(resolveTarget({ CDK_CONTEXT_JSON: branchContext(branch) })).toEqual({
      environment,
      branch,
      appId: 'app123',
    });
  });

  it('treats a sandbox context as the sandbox, whatever AWS_BRANCH says', () => {
    const context = JSON.stringify({
      'amplify-backend-namespace': 'ml',
      'amplify-backend-name': 'alice',
      'amplify-backend-type': 'sandbox',
    });
    expect(resolveTarget({ CDK_CONTEXT_JSON: context, AWS_BRANCH: 'main' })).toEqual({
      environment: 'sandbox',
      sandboxName: 'alice',
      sandboxNamespace: 'ml',
    });
  });

  it('falls back to AWS_BRANCH and AWS_APP_ID without a CDK context', () => {
    expect(resolveTarget({ AWS_BRANCH: 'staging', AWS_APP_ID: 'd1' })).toEqual({
      environment: 'staging',
      branch: 'staging',
      appId: 'd1',
    });
  });

  it('is a sandbox when nothing names a branch', () => {
    expect(resolveTarget({})).toEqual({ environment: 'sandbox' });
  });

  it('rejects a context that is not JSON with a clear error', () => {
    expect(() => resolveTarget({ CDK_CONTEXT_JSON: '{not json' })).toThrow(
      /CDK_CONTEXT_JSON is not valid JSON/,
    );
  });
});

describe('sandbox defaults', () => {
  const sandbox = loadSettings({}, { environment: 'sandbox' });

  it('needs no environment variables at all', () => {
    expect(sandbox.name).toBe('sandbox');
    expect(sandbox.entraMetadataUrl).toBeUndefined();
  });

  it('allows only localhost origins', () => {
    expect(sandbox.allowedOrigins.length).toBeGreaterThan(0);
    for (const origin of sandbox.allowedOrigins)
      expect(new URL(origin).hostname).toMatch(/^(localhost|127\.0\.0\.1)$/);
  });

  it('keeps logs for a short time and has no billing alarm or alarm e-mail', () => {
    expect(sandbox.logRetentionDays).toBeLessThanOrEqual(7);
    expect(sandbox.billingAlarmUsd).toBeUndefined();
    expect(sandbox.alarmEmails).toEqual([]);
  });

  it("gives each developer's sandbox its own hosted-UI domain prefix (unique per region)", () => {
    const prefix = (sandboxName: string, sandboxNamespace = 'ml-gateway') =>
      loadSettings({}, { environment: 'sandbox', sandboxName, sandboxNamespace }).authDomainPrefix;
    expect(prefix('alice')).toBe('ml-gateway-alice');
    expect(prefix('alice', 'other-project')).toBe('other-project-alice');
    expect(prefix('Bob.Smith_2')).toMatch(/^ml-gateway-bob-smith-2-[0-9a-f]{8}$/);
    expect(prefix('x'.repeat(80))).toHaveLength(63);
    expect(prefix('x'.repeat(80))).not.toBe(prefix(`${'x'.repeat(79)}y`));
    expect(
      loadSettings({ AUTH_DOMAIN_PREFIX: 'mine' }, { environment: 'sandbox', sandboxName: 'a' })
        .authDomainPrefix,
    ).toBe('mine');
  });

  it('keeps a refresh token for a day, and lets a developer shorten it', () => {
    expect(sandbox.refreshTokenValidityHours).toBe(24);
    expect(
      loadSettings({ REFRESH_TOKEN_VALIDITY_HOURS: '2' }, { environment: 'sandbox' })
        .refreshTokenValidityHours,
    ).toBe(2);
  });

  it('is a public regional API without an IP allow-list', () => {
    expect(sandbox.api.endpointType).toBe('REGIONAL');
    expect(sandbox.waf.allowedIpCidrs).toEqual([]);
  });
});

describe('branch environments', () => {
  it('loads production from its environment variables', () => {
    const settings = loadSettings(
      {
        ENTRA_METADATA_URL: METADATA_URL,
        ALLOWED_ORIGINS: 'https://ml.example.com',
        AUTH_DOMAIN_PREFIX: 'example-ml-gateway',
        CUSTOM_DOMAINS: 'ai.example.com',
        ALARM_EMAILS: 'ops@example.com, oncall@example.com',
        API_THROTTLE_RATE_LIMIT: '250',
        WAF_ALLOWED_IP_CIDRS: '10.0.0.0/8,2001:db8::/32',
      },
      prod,
    );
    expect(settings).toMatchObject({
      name: 'prod',
      entraMetadataUrl: METADATA_URL,
      alarmEmails: ['ops@example.com', 'oncall@example.com'],
      api: { throttleRateLimit: 250, throttleBurstLimit: 2000 },
      waf: { allowedIpCidrs: ['10.0.0.0/8', '2001:db8::/32'] },
      billingAlarmUsd: 1000,
      logRetentionDays: 90,
      authDomainPrefix: 'example-ml-gateway',
      removalPolicy: 'retain',
      deploymentName: 'ml-gateway-main-app123',
      refreshTokenValidityHours: 12,
    });
    // Explicit origins first (the gateway's error responses use the first), then derived ones.
    expect(settings.allowedOrigins).toEqual([
      'https://ml.example.com',
      'https://main.app123.amplifyapp.com',
      'https://ai.example.com',
    ]);
  });

  it("always allows the branch's own Amplify domain, with / made DNS-safe", () => {
    const settings = loadSettings(
      { ENTRA_METADATA_URL: METADATA_URL },
      { environment: 'dev', branch: 'feature/chat', appId: 'app123' },
    );
    expect(settings.allowedOrigins).toContain('https://feature-chat.app123.amplifyapp.com');
  });

  it('loads a branch with capitals, allowing its lowercased Amplify domain', () => {
    const settings = loadSettings({
      ENTRA_METADATA_URL: METADATA_URL,
      CDK_CONTEXT_JSON: branchContext('feature/ABC-1'),
    });
    expect(settings.name).toBe('dev');
    expect(settings.allowedOrigins).toContain('https://feature-abc-1.app123.amplifyapp.com');
  });

  it('names a derived Amplify origin it cannot use as derived, never as ALLOWED_ORIGINS', () => {
    const message = failure(
      { ENTRA_METADATA_URL: METADATA_URL, ALLOWED_ORIGINS: 'https://ml.example.com' },
      { environment: 'dev', branch: 'feature/x', appId: 'app*1' },
    );
    expect(message).toContain(
      'the Amplify origin https://feature-x.app*1.amplifyapp.com (derived from branch "feature/x" and app id "app*1")',
    );
    expect(message).not.toContain('ALLOWED_ORIGINS');
  });

  it('loads a branch with a 70-character name', () => {
    const branch = `feature/${'very-long-branch-name-'.repeat(3)}`.padEnd(70, 'x').slice(0, 70);
    expect(branch).toHaveLength(70);
    const settings = loadSettings({
      ENTRA_METADATA_URL: METADATA_URL,
      CDK_CONTEXT_JSON: branchContext(branch),
    });
    expect(settings.authDomainPrefix.length).toBeLessThanOrEqual(63);
    expect(settings.allowedOrigins).toContain(
      `https://${branch.replace('/', '-')}.app123.amplifyapp.com`,
    );
  });

  it('gives every dev branch its own hosted-UI prefix and API name', () => {
    const load = (branch: string) =>
      loadSettings({ ENTRA_METADATA_URL: METADATA_URL, CDK_CONTEXT_JSON: branchContext(branch) });
    const dev = load('dev');
    const feature = load('feature/new-chat');
    expect(dev.authDomainPrefix).toBe('dev-app123');
    expect(feature.authDomainPrefix).toMatch(/^feature-new-chat-app123-[0-9a-f]{8}$/);
    expect(dev.deploymentName).toBe('ml-gateway-dev-app123');
    expect(feature.deploymentName).not.toBe(dev.deploymentName);
  });

  it.each(['staging', 'prod'] as const)(
    '%s fails without AUTH_DOMAIN_PREFIX, naming the setting and its variable',
    (environment) => {
      const message = failure(
        { ENTRA_METADATA_URL: METADATA_URL, ALLOWED_ORIGINS: 'https://ml.example.com' },
        { environment, branch: environment === 'prod' ? 'main' : 'staging', appId: 'app123' },
      );
      expect(message).toContain(`environment "${environment}"`);
      expect(message).toMatch(
        /authDomainPrefix \(default; set AUTH_DOMAIN_PREFIX to override\): required in staging and prod/,
      );
      expect(message.split('\n  - ')).toHaveLength(2);
    },
  );

  it('retains stateful resources in staging and prod only', () => {
    const removal = (environment: DeploymentTarget['environment']) =>
      loadSettings(
        {
          ENTRA_METADATA_URL: METADATA_URL,
          ALLOWED_ORIGINS: 'https://ml.example.com',
          AUTH_DOMAIN_PREFIX: 'example-ml',
        },
        { environment, branch: 'b', appId: 'app123' },
      ).removalPolicy;
    expect(removal('prod')).toBe('retain');
    expect(removal('staging')).toBe('retain');
    expect(removal('dev')).toBe('destroy');
    expect(loadSettings({}, { environment: 'sandbox' }).removalPolicy).toBe('destroy');
  });

  it.each(ENVIRONMENTS.filter((name) => name !== 'sandbox'))(
    '%s fails without the Entra metadata URL, naming setting, variable and environment',
    (environment) => {
      const message = failure({}, { environment, branch: 'b', appId: 'app123' });
      expect(message).toContain(`environment "${environment}"`);
      expect(message).toMatch(/entraMetadataUrl \(default; set ENTRA_METADATA_URL/);
    },
  );

  it('fails when a production deploy has no origin at all', () => {
    const message = failure({ ENTRA_METADATA_URL: METADATA_URL }, { environment: 'prod' });
    expect(message).toContain('environment "prod"');
    expect(message).toMatch(/allowedOrigins \(default; set ALLOWED_ORIGINS/);
  });

  it('rejects http origins in staging and production but not in dev', () => {
    const env = { ENTRA_METADATA_URL: METADATA_URL, ALLOWED_ORIGINS: 'http://ml.example.com' };
    expect(failure(env, { ...prod, environment: 'staging', branch: 'staging' })).toMatch(
      /allowedOrigins\.0 \(from ALLOWED_ORIGINS="http:\/\/ml\.example\.com"\): .*must use https in staging/,
    );
    expect(failure(env, prod)).toContain('must use https in prod');
    expect(
      loadSettings(env, { environment: 'dev', branch: 'dev', appId: 'a' }).allowedOrigins,
    ).toContain('http://ml.example.com');
  });

  it('requires a VPC endpoint for a PRIVATE API', () => {
    const message = failure(
      { ENTRA_METADATA_URL: METADATA_URL, API_ENDPOINT_TYPE: 'PRIVATE' },
      prod,
    );
    expect(message).toMatch(/api\.vpcEndpointIds .*PRIVATE API needs at least one VPC endpoint/);
    expect(
      loadSettings(
        {
          ENTRA_METADATA_URL: METADATA_URL,
          AUTH_DOMAIN_PREFIX: 'example-ml',
          API_ENDPOINT_TYPE: 'PRIVATE',
          API_VPC_ENDPOINT_IDS: 'vpce-0a1b2c3d',
        },
        prod,
      ).api,
    ).toMatchObject({ endpointType: 'PRIVATE', vpcEndpointIds: ['vpce-0a1b2c3d'] });
  });

  it('reports missing required settings together with invalid values', () => {
    const message = failure({ API_MAX_BODY_BYTES: '1' }, prod);
    expect(message).toContain('api.maxBodyBytes (from API_MAX_BODY_BYTES="1")');
    expect(message).toContain('entraMetadataUrl (default; set ENTRA_METADATA_URL');
    expect(message).toContain('authDomainPrefix (default; set AUTH_DOMAIN_PREFIX');
  });

  it('lists every problem at once, one line each', () => {
    const message = failure(
      {
        ENTRA_METADATA_URL: 'nope',
        AUTH_DOMAIN_PREFIX: 'example-ml',
        API_MAX_BODY_BYTES: '1',
        WAF_RATE_PER_5_MIN: 'x',
      },
      prod,
    );
    expect(message.split('\n  - ')).toHaveLength(4);
  });
});

describe('stream reserved concurrency', () => {
  const dev: DeploymentTarget = { environment: 'dev', branch: 'dev', appId: 'app123' };
  const withMetadata = (env: NodeJS.ProcessEnv = {}) => ({
    ENTRA_METADATA_URL: METADATA_URL,
    ALLOWED_ORIGINS: 'https://ml.example.com',
    AUTH_DOMAIN_PREFIX: 'example-ml',
    ...env,
  });

  it('reserves nothing in a sandbox or on dev branches, where the account quota is unknown', () => {
    expect(loadSettings({}).streamReservedConcurrency).toBe('off');
    expect(loadSettings(withMetadata(), dev).streamReservedConcurrency).toBe('off');
  });

  it('reserves a share of the account for production streams by default', () => {
    expect(loadSettings(withMetadata(), prod).streamReservedConcurrency).toBe(100);
  });

  it('takes a count, or off, from STREAM_RESERVED_CONCURRENCY', () => {
    const env = (value: string) => withMetadata({ STREAM_RESERVED_CONCURRENCY: value });
    expect(loadSettings(env('40'), dev).streamReservedConcurrency).toBe(40);
    expect(loadSettings(env(' off '), prod).streamReservedConcurrency).toBe('off');
    expect(loadSettings(env('900'), prod).streamReservedConcurrency).toBe(900);
  });

  it('says what it accepts when the value is neither a count nor off', () => {
    const message = failure(withMetadata({ STREAM_RESERVED_CONCURRENCY: 'lots' }), prod);
    expect(message).toContain('must be a whole number from 1 to 900, or off');
  });
});

/** An invalid value for every environment variable, and what the setting is called. */
const INVALID_VALUES: Record<SettingVariableName, string[]> = {
  ENTRA_METADATA_URL: ['http://login.example.com/metadata.xml', 'not a url'],
  ALLOWED_ORIGINS: ['*', 'https://*.example.com', 'https://ml.example.com/app'],
  CUSTOM_DOMAINS: ['https://ml.example.com', 'ml example.com'],
  AUTH_DOMAIN_PREFIX: ['ML_Gateway', '-gateway', '', 'my-aws-gateway', 'cognito-ml'],
  ALARM_EMAILS: ['ops-at-example.com'],
  BILLING_ALARM_USD: ['0', '-5', 'lots', ''],
  AUTHORIZER_CACHE_TTL_SECONDS: ['-1', '3601', '1.5', ' '],
  REFRESH_TOKEN_VALIDITY_HOURS: ['1', '721', '12.5', '12h'],
  LOG_RETENTION_DAYS: ['0', '8', 'forever'],
  STREAM_RESERVED_CONCURRENCY: ['0', '901', '2.5', 'none', ''],
  API_THROTTLE_RATE_LIMIT: ['0', '10rps'],
  API_THROTTLE_BURST_LIMIT: ['0', '2.5'],
  API_ENDPOINT_TYPE: ['EDGE', 'regional'],
  API_VPC_ENDPOINT_IDS: ['vpc-123', 'vpce-XYZ'],
  API_MAX_BODY_BYTES: ['100', String(11 * 1024 * 1024), '256k'],
  WAF_RATE_PER_5_MIN: ['9', 'many'],
  WAF_ALLOWED_IP_CIDRS: ['10.0.0.0', '10.0.0.0/33', 'example.com'],
  HISTORY_MAX_CONVERSATIONS_PER_USER: ['0', '100001', '2.5'],
  HISTORY_MAX_MESSAGES_PER_CONVERSATION: ['1', '10001', 'many'],
  API_KEYS_DEFAULT_EXPIRY_DAYS: ['0', '366', '2.5', '91'],
  API_KEYS_MAX_EXPIRY_DAYS: ['0', '366', '1.5'],
  API_KEYS_MAX_PER_USER: ['0', '1001', 'many'],
  API_KEYS_STATUS_CACHE_SECONDS: ['-1', '61', '1.5'],
  DIRECTORY_ACCESS: ['yes', 'ON', ''],
  DIRECTORY_ACCESS_CACHE_SECONDS: ['-1', '61', '0.5', 'soon'],
};

describe('every setting rejects an invalid value by name', () => {
  it('has invalid values for every environment variable the settings read', () => {
    expect(Object.keys(INVALID_VALUES).sort()).toEqual(Object.keys(SETTING_VARIABLES).sort());
  });

  const cases = Object.entries(INVALID_VALUES).flatMap(([variable, values]) =>
    values.map((value) => [variable as SettingVariableName, value] as const),
  );

  it.each(cases)('%s=%j', (variable, value) => {
    const env = { ENTRA_METADATA_URL: METADATA_URL, [variable]: value };
    const message = failure(env, prod);
    const { setting } = SETTING_VARIABLES[variable];
    expect(message).toContain('environment "prod" (branch main)');
    expect(message).toContain(`${setting}`);
    expect(message).toContain(`from ${variable}=${JSON.stringify(value)}`);
  });
});
