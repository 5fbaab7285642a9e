/**
 * `npm test`: every check of the project in one run, ending with one line of totals.
 *
 * Checks (lint, format, type-check) count as one test each; test suites report their own counts
 * through Vitest's JSON reporter. Every step runs even when an earlier one fails, so one run
 * shows everything that is broken. Exit code 1 when anything failed.
 *
 *   npm test                    # everything
 *   npm test -- infra backend   # only the named steps
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { RESULTS_DIR, TEST_STEPS, type TestStep } from './test-steps.ts';

const root = path.resolve(import.meta.dirname, '..');

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { status: string; assertionResults?: { status: string }[] }[];
}

function readReport(file: string): Counts | undefined {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
    // A file that failed without a failing test (an import error, a failing hook) is one failure.
    const brokenFiles = (json.testResults ?? []).filter(
      (result) =>
        result.status === 'failed' && !result.assertionResults?.some((a) => a.status === 'failed'),
    ).length;
    return {
      passed: json.numPassedTests ?? 0,
      failed: (json.numFailedTests ?? 0) + brokenFiles,
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
  } catch {
    return undefined;
  }
}

function runStep(step: TestStep): Counts {
  console.log(
    `\n=== ${step.name}: ${step.command.map((part) => path.relative(root, part) || part).join(' ')}`,
  );
  if (step.report) rmSync(step.report, { force: true });
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  if (!step.report)
    return result.status === 0
      ? { passed: 1, failed: 0, skipped: 0 }
      : { passed: 0, failed: 1, skipped: 0 };
  const counts = readReport(step.report);
  // A runner that crashed before writing its report, or exited non-zero with no failed test, is one failure.
  if (!counts) return { passed: 0, failed: 1, skipped: 0 };
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !TEST_STEPS.some((step) => step.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown step(s): ${unknown.join(', ')}. Steps: ${TEST_STEPS.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
mkdirSync(RESULTS_DIR, { recursive: true });
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];
for (const step of TEST_STEPS.filter((s) => selected.length === 0 || selected.includes(s.name))) {
  const counts = runStep(step);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(
    `${step.name.padEnd(16)} ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`,
  );
}
console.log(`\n=== summary\n${summary.join('\n')}\n`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 ? 1 : 0);
