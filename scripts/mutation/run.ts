/**
 * `npm run mutation`: Stryker on the security- and money-critical modules, one group at a time
 * (scripts/mutation/groups.ts), printing each module's mutation score beside the target. Exit
 * code 1 when a module is under the target or a run fails. Slow, so not part of `npm test`.
 *
 *   npm run mutation                    # every group
 *   npm run mutation -- ledger history  # only the named groups
 *   MUTATION_CONCURRENCY=1 npm run mutation -- access
 *
 * Sandboxes live in .stryker-tmp/, reports (HTML and JSON per group) in reports/mutation/.
 */
import path from 'node:path';

import type { LogLevel, MutantResult, PartialStrykerOptions } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';

import {
  groupNamed,
  MUTATION_GROUPS,
  MUTATION_SCORE_TARGET,
  type MutationGroup,
} from './groups.ts';
import { type ModuleScore, moduleScores } from './scores.ts';

const root = path.resolve(import.meta.dirname, '../..');
const reportsDir = 'reports/mutation';
/** Test processes at once; 2 keeps a shared two-core machine usable. */
const concurrency = Number(process.env['MUTATION_CONCURRENCY'] ?? 2);

function strykerOptions(group: MutationGroup): PartialStrykerOptions {
  return {
    testRunner: 'vitest',
    vitest: { configFile: 'scripts/mutation/vitest.config.ts' },
    // Per-test coverage: each mutant runs only the tests that reach it.
    coverageAnalysis: 'perTest',
    mutate: [...group.mutate],
    concurrency,
    tempDirName: '.stryker-tmp',
    // Build output and local state are not needed to run the tests; skip copying them.
    ignorePatterns: ['/dist', '/cdk.out', '/.angular', '/.amplify', '/.local', '/.test-results'],
    reporters: ['html', 'json', 'progress'],
    htmlReporter: { fileName: `${reportsDir}/${group.name}.html` },
    jsonReporter: { fileName: `${reportsDir}/${group.name}.json` },
    // The target is checked per module below; Stryker's own threshold is for the whole run.
    thresholds: { high: MUTATION_SCORE_TARGET, low: MUTATION_SCORE_TARGET - 10, break: null },
    // A const enum in Stryker's types; Node's type stripping cannot import it as a value.
    logLevel: 'warn' as LogLevel,
  };
}

async function runGroup(group: MutationGroup): Promise<readonly MutantResult[]> {
  console.log(`\n== ${group.name}: ${group.title}`);
  // Read by scripts/mutation/vitest.config.ts in every test process Stryker starts.
  process.env['MUTATION_GROUP'] = group.name;
  return new Stryker(strykerOptions(group)).runMutationTest();
}

function printScores(group: MutationGroup, scores: readonly ModuleScore[]): void {
  const pad = Math.max(...scores.map((score) => score.module.length));
  for (const score of scores) {
    const verdict = score.score >= MUTATION_SCORE_TARGET ? 'ok' : 'UNDER TARGET';
    console.log(
      `${score.module.padEnd(pad)}  ${score.score.toFixed(1).padStart(5)}% ` +
        `(target ${MUTATION_SCORE_TARGET}%)  killed ${score.killed}/${score.valid}, ` +
        `survived ${score.survived}, no coverage ${score.noCoverage}, ` +
        `disabled ${score.disabled}  ${verdict}`,
    );
    for (const survivor of score.survivors) console.log(`    survived: ${survivor}`);
  }
  console.log(`report: ${reportsDir}/${group.name}.html`);
}

const names = process.argv.slice(2);
const groups = names.length > 0 ? names.map(groupNamed) : MUTATION_GROUPS;
const underTarget: string[] = [];
for (const group of groups) {
  const results = await runGroup(group);
  const scores = moduleScores(results, root);
  if (scores.length === 0) {
    underTarget.push(`${group.name}: no mutants`);
    continue;
  }
  printScores(group, scores);
  for (const score of scores)
    if (score.score < MUTATION_SCORE_TARGET)
      underTarget.push(`${score.module} ${score.score.toFixed(1)}%`);
}

if (underTarget.length > 0) {
  console.error(`\nUnder the ${MUTATION_SCORE_TARGET}% target: ${underTarget.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nEvery module is at or above the ${MUTATION_SCORE_TARGET}% target.`);
}
