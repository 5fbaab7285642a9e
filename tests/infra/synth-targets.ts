/** Amplify console variables set for all branches, which feature branches inherit. */
const FEATURE_BRANCH_ENV = {
  ENTRA_METADATA_URL:
    'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=22222222-2222-2222-2222-222222222222',
};

/**
 * The backends the infra tests synthesize. `env` holds the Amplify console environment
 * variables the branch would have; a sandbox needs none.
 */
export const SYNTH_TARGETS = {
  /** A developer sandbox (`npx ampx sandbox`). */
  sandbox: { branch: undefined, env: {} },
  /**
   * A second developer's sandbox in the same account (`npx ampx sandbox --identifier other`),
   * with every optional edge setting on: PRIVATE API, IP allow-list, alarm mail, billing alarm.
   */
  otherSandbox: {
    branch: undefined,
    sandbox: 'other',
    env: {
      API_ENDPOINT_TYPE: 'PRIVATE',
      API_VPC_ENDPOINT_IDS: 'vpce-0a1b2c3d4e5f60718,vpce-0f1e2d3c4b5a69788',
      WAF_ALLOWED_IP_CIDRS: '10.0.0.0/8,2001:db8::/32',
      ALARM_EMAILS: 'ops@example.com,oncall@example.com',
      BILLING_ALARM_USD: '500',
    },
  },
  /**
   * Production (`main`) as an operator would configure it in the Amplify console, federated
   * with Entra ID and with a custom domain; compare with `dev` to assert what differs per
   * environment (retention, throttling, origins, alarms).
   */
  prod: {
    branch: 'main',
    env: {
      ENTRA_METADATA_URL:
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111',
      ALLOWED_ORIGINS: 'https://ml.example.com',
      CUSTOM_DOMAINS: 'ai.example.com',
      AUTH_DOMAIN_PREFIX: 'example-ml-gateway',
      ALARM_EMAILS: 'ml-ops@example.com',
      BILLING_ALARM_USD: '2500',
      LOG_RETENTION_DAYS: '365',
      API_THROTTLE_RATE_LIMIT: '500',
      API_THROTTLE_BURST_LIMIT: '1000',
      WAF_RATE_PER_5_MIN: '1000',
    },
  },
  /** The shared `dev` branch: its own Entra app and hosted-UI prefix, dev defaults otherwise. */
  dev: {
    branch: 'dev',
    env: {
      ENTRA_METADATA_URL:
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=22222222-2222-2222-2222-222222222222',
      AUTH_DOMAIN_PREFIX: 'example-ml-gateway-dev',
      ALARM_EMAILS: 'ml-dev@example.com',
    },
  },
  /** The `staging` branch, configured like production with its own Entra app and origin. */
  staging: {
    branch: 'staging',
    env: {
      ENTRA_METADATA_URL:
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=33333333-3333-3333-3333-333333333333',
      ALLOWED_ORIGINS: 'https://ml-staging.example.com',
      AUTH_DOMAIN_PREFIX: 'example-ml-gateway-staging',
    },
  },
  /**
   * A feature branch with capitals, a slash and 80 characters, longer than several AWS name
   * limits allow, with the variables set for all branches.
   */
  featureBranch: { branch: `feature/ABC-1-${'long-branch-'.repeat(5)}xy`, env: FEATURE_BRANCH_ENV },
} as const satisfies Record<
  string,
  { branch: string | undefined; sandbox?: string; env: Record<string, string> }
>;

export type SynthTarget = keyof typeof SYNTH_TARGETS;
