/** The backends the infra tests synthesize, each into its own cloud assembly folder. */
export const SYNTH_TARGETS = {
  /** A developer sandbox (`npx ampx sandbox`). */
  sandbox: { branch: undefined, outDir: 'cdk.out/test-sandbox', env: {} },
} as const satisfies Record<
  string,
  { branch: string | undefined; outDir: string; env: Record<string, string> }
>;

export type SynthTarget = keyof typeof SYNTH_TARGETS;
