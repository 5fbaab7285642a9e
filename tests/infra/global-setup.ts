import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthBackend } from '../../scripts/synth.ts';
import { SYNTH_TARGETS, type SynthTarget } from './synth-targets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Cloud assembly folder of each synth target, unique to this test run. */
    synthDirs: Record<SynthTarget, string>;
    /** Why a target did not synthesize; its tests fail with this message, the others still run. */
    synthErrors: Partial<Record<SynthTarget, string>>;
  }
}

/** Synthesizes each target once per test run; the test files only read the templates. */
export default function setup(project: TestProject): () => void {
  const dirs = {} as Record<SynthTarget, string>;
  const errors: Partial<Record<SynthTarget, string>> = {};
  for (const [name, target] of Object.entries(SYNTH_TARGETS) as [
    SynthTarget,
    (typeof SYNTH_TARGETS)[SynthTarget],
  ][]) {
    // A folder per run, so parallel test runs never read each other's templates.
    dirs[name] = path.resolve(import.meta.dirname, '../../cdk.out', `test-${process.pid}-${name}`);
    try {
      synthBackend({
        branch: target.branch,
        sandbox: 'sandbox' in target ? target.sandbox : undefined,
        outDir: dirs[name],
        env: target.env,
      });
    } catch (error) {
      errors[name] = (error as Error).message;
    }
  }
  project.provide('synthDirs', dirs);
  project.provide('synthErrors', errors);
  return () => {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  };
}
