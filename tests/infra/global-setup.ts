import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { synthBackendAsync } from '../../scripts/synth.ts';
import { SYNTH_TARGETS, type SynthTarget } from './synth-targets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Cloud assembly folder of each synth target, unique to this test run. */
    synthDirs: Record<SynthTarget, string>;
    /** Why a target did not synthesize; its tests fail with this message, the others still run. */
    synthErrors: Partial<Record<SynthTarget, string>>;
  }
}

/** Backends synthesized side by side: each synth is mostly one busy core. */
const SYNTH_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/** Synthesizes each target once per test run; the test files only read the templates. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dirs = {} as Record<SynthTarget, string>;
  const errors: Partial<Record<SynthTarget, string>> = {};
  const queue = Object.entries(SYNTH_TARGETS) as [
    SynthTarget,
    (typeof SYNTH_TARGETS)[SynthTarget],
  ][];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, target] = next;
      // A folder per run, so parallel test runs never read each other's templates.
      dirs[name] = path.resolve(
        import.meta.dirname,
        '../../cdk.out',
        `test-${process.pid}-${name}`,
      );
      try {
        await synthBackendAsync({
          branch: target.branch,
          sandbox: 'sandbox' in target ? target.sandbox : undefined,
          outDir: dirs[name],
          env: target.env,
        });
      } catch (error) {
        errors[name] = (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: SYNTH_CONCURRENCY }, worker));
  project.provide('synthDirs', dirs);
  project.provide('synthErrors', errors);
  return () => {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  };
}
