import { synthBackend } from '../../scripts/synth.ts';
import { SYNTH_TARGETS } from './synth-targets.ts';

/** Synthesizes each target once per test run; the test files only read the templates. */
export default function setup(): void {
  for (const target of Object.values(SYNTH_TARGETS)) {
    synthBackend({ branch: target.branch, outDir: target.outDir, env: target.env });
  }
}
