/**
 * The backends the infra tests synthesize. `env` holds the Amplify console environment
 * variables the branch would have; a sandbox needs none.
 */
export const SYNTH_TARGETS = {
  /** A developer sandbox (`npx ampx sandbox`). */
  sandbox: { branch: undefined, env: {} },
  /** A sandbox with every optional edge setting on: PRIVATE API, IP allow-list, alarm mail, billing alarm. */
  lockedDown: {
    branch: undefined,
    env: {
      API_ENDPOINT_TYPE: 'PRIVATE',
      API_VPC_ENDPOINT_IDS: 'vpce-0a1b2c3d4e5f60718,vpce-0f1e2d3c4b5a69788',
      WAF_ALLOWED_IP_CIDRS: '10.0.0.0/8,2001:db8::/32',
      ALARM_EMAILS: 'ops@example.com,oncall@example.com',
      BILLING_ALARM_USD: '500',
    },
  },
} as const satisfies Record<string, { branch: string | undefined; env: Record<string, string> }>;

export type SynthTarget = keyof typeof SYNTH_TARGETS;
