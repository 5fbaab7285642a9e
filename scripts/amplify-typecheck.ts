/**
 * Amplify's own pre-deploy type check, run the way `ampx pipeline-deploy` and `ampx sandbox` run it:
 * backend-deployer starts its `ts_compiler.js` in a worker thread with the directory of
 * `amplify/backend.ts`, which type-checks that folder with its `tsconfig.json` (its own TypeScript,
 * `skipLibCheck`, no emit). Anything that tsconfig includes must type-check, or the deploy stops.
 *
 *   node scripts/amplify-typecheck.ts            # checks amplify/
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const root = path.resolve(import.meta.dirname, '..');

/** What the pre-deploy check said about one project directory. */
export type AmplifyTypeCheckResult = { ok: true } | { ok: false; message: string };

/** The compiler module backend-deployer runs in its worker (not exported by the package). */
function locateAmplifyTypeChecker(): URL {
  let entry: string;
  try {
    entry = import.meta.resolve('@aws-amplify/backend-deployer');
  } catch {
    throw new Error(
      '@aws-amplify/backend-deployer is not installed; it comes with @aws-amplify/backend-cli (npm ci).',
    );
  }
  const compiler = new URL('ts_compiler.js', entry);
  if (!existsSync(compiler))
    throw new Error(
      `${compiler.pathname} is missing: @aws-amplify/backend-deployer changed its layout; update ${path.relative(root, import.meta.filename)}.`,
    );
  return compiler;
}

/**
 * Type-checks `projectDirectory` exactly as the deployer does (same module, same worker data).
 * Resolves with the deployer's formatted diagnostics when it refuses the project.
 */
export function runAmplifyTypeCheck(projectDirectory: string): Promise<AmplifyTypeCheckResult> {
  return new Promise((resolve) => {
    const worker = new Worker(locateAmplifyTypeChecker(), { workerData: { projectDirectory } });
    let failure: string | undefined;
    worker.on('error', (error: Error & { details?: string; resolution?: string }) => {
      failure = [error.message, error.details, error.resolution].filter(Boolean).join('\n');
    });
    worker.on('exit', (code) => {
      if (failure === undefined && code !== 0) failure = `type-check worker exited with ${code}`;
      resolve(failure === undefined ? { ok: true } : { ok: false, message: failure });
    });
  });
}

if (import.meta.main) {
  const started = performance.now();
  const result = await runAmplifyTypeCheck(path.join(root, 'amplify'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(`Amplify pre-deploy type check of amplify/ passed in ${seconds} s`);
  } else {
    console.error(
      `Amplify pre-deploy type check of amplify/ failed (${seconds} s):\n${result.message}`,
    );
    process.exit(1);
  }
}
