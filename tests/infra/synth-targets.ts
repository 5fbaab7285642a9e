/**
 * The backends the infra tests synthesize. `env` holds the Amplify console environment
 * variables the branch would have; a sandbox needs none.
 */
export const SYNTH_TARGETS = {
  /** A developer sandbox (`npx ampx sandbox`). */
  sandbox: { branch: undefined, env: {} },
} as const satisfies Record<string, { branch: string | undefined; env: Record<string, string> }>;

export type SynthTarget = keyof typeof SYNTH_TARGETS;
