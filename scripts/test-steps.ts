/**
 * The steps of `npm test` (scripts/test-all.ts runs them): lint, format, the type-checks and
 * every test suite, each with the command it runs.
 */
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Where the suites write their Vitest JSON reports. */
export const RESULTS_DIR = path.join(root, '.test-results');

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** One step: its name (`npm test -- <name>`) and command. */
export interface TestStep {
  name: string;
  command: string[];
  /** A Vitest JSON report the step writes; without one the step counts as a single check. */
  report?: string;
}

const vitestProject = (project: string): TestStep => ({
  name: project,
  report: path.join(RESULTS_DIR, `${project}.json`),
  command: [
    bin('vitest'),
    'run',
    '--project',
    project,
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(RESULTS_DIR, `${project}.json`)}`,
  ],
});

/** Every step, in the order `npm test` runs them. */
export const TEST_STEPS: readonly TestStep[] = [
  { name: 'lint', command: [bin('eslint'), '.', '--max-warnings=0'] },
  { name: 'format', command: [bin('prettier'), '--check', '.'] },
  { name: 'typecheck-app', command: [bin('tsc'), '-p', 'tsconfig.app.json', '--noEmit'] },
  { name: 'typecheck-node', command: [bin('tsc'), '-p', 'tsconfig.node.json', '--noEmit'] },
  // What `ampx pipeline-deploy` and `ampx sandbox` check before deploying, with their own compiler.
  {
    name: 'typecheck-amplify',
    command: [process.execPath, path.join('scripts', 'amplify-typecheck.ts')],
  },
  {
    name: 'app',
    report: path.join(RESULTS_DIR, 'app.json'),
    command: [
      bin('ng'),
      'test',
      '--watch=false',
      '--reporters=default',
      '--reporters=json',
      `--output-file=${path.join(RESULTS_DIR, 'app.json')}`,
    ],
  },
  vitestProject('backend'),
  vitestProject('infra'),
  vitestProject('e2e'),
];
