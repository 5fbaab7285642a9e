/**
 * What each benchmark needs beyond `npm ci`, checked before any benchmark runs, so a missing
 * piece is named with the command that installs it instead of failing minutes in with a stack.
 */
import { spawnSync } from 'node:child_process';

import { findChromium } from '../../e2e/find-chromium.ts';

/**
 * The Python that runs the guide's reference authorizer: Debian's, whose `python3-jwt` and
 * `python3-requests` packages provide PyJWT and requests. `BENCH_PYTHON` points elsewhere.
 */
export const BENCH_PYTHON = process.env['BENCH_PYTHON'] ?? '/usr/bin/python3';

/** A Python module a reference implementation imports, and the packages that provide it. */
interface PythonModule {
  readonly module: string;
  readonly debianPackage: string;
  readonly pipPackage: string;
}

/** What one benchmark file needs. */
interface BenchNeeds {
  readonly python?: readonly PythonModule[];
  readonly browser?: boolean;
}

/** Per benchmark file; a file not listed needs nothing beyond `npm ci`. */
const BENCH_NEEDS: Readonly<Record<string, BenchNeeds>> = {
  'authorizer.bench.ts': {
    // tests/bench/reference/authorizer.py imports both.
    python: [
      { module: 'jwt', debianPackage: 'python3-jwt', pipPackage: 'PyJWT' },
      { module: 'requests', debianPackage: 'python3-requests', pipPackage: 'requests' },
    ],
  },
  'app.bench.ts': { browser: true },
};

/** The Python modules `python` cannot import (all of them when `python` does not run). */
export function missingPythonModules(
  python: string,
  modules: readonly PythonModule[],
): { readonly pythonRuns: boolean; readonly missing: readonly PythonModule[] } {
  const runs = spawnSync(python, ['-c', 'pass'], { stdio: 'ignore' });
  if (runs.error || runs.status !== 0) return { pythonRuns: false, missing: modules };
  const missing = modules.filter(
    (entry) =>
      spawnSync(python, ['-c', `import ${entry.module}`], { stdio: 'ignore' }).status !== 0,
  );
  return { pythonRuns: true, missing };
}

/**
 * One message per missing prerequisite of the given benchmark files, each naming what is
 * missing and how to install it; empty when everything is there.
 */
export async function missingPrerequisites(
  files: readonly string[],
  python: string = BENCH_PYTHON,
): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    const needs = BENCH_NEEDS[file];
    if (needs?.python) {
      const { pythonRuns, missing } = missingPythonModules(python, needs.python);
      if (!pythonRuns) {
        problems.push(
          `${file}: needs Python 3 at ${python} (the reference implementation's interpreter). ` +
            `Install it: sudo apt-get install python3 ${needs.python.map((m) => m.debianPackage).join(' ')}` +
            ', or point BENCH_PYTHON at another python3.',
        );
      }
      for (const entry of pythonRuns ? missing : []) {
        problems.push(
          `${file}: the Python module "${entry.module}" is missing from ${python}. ` +
            `Install it: sudo apt-get install ${entry.debianPackage} ` +
            `(or pip install ${entry.pipPackage} in a virtualenv and set BENCH_PYTHON to its python).`,
        );
      }
    }
    if (needs?.browser) {
      try {
        await findChromium();
      } catch (error) {
        problems.push(
          `${file}: no Chromium to run Lighthouse with (${error instanceof Error ? error.message : String(error)}). ` +
            'Run `npm ci` (it brings @sparticuz/chromium), install one (sudo apt-get install chromium) ' +
            'or set CHROME_PATH to a Chrome or Chromium binary.',
        );
      }
    }
  }
  return problems;
}
