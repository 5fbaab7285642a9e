/**
 * `npm run bench`: runs every `tests/bench/*.bench.ts` in its own process, one after another
 * (benchmarks share two cores; running them together would skew each other's figures).
 *
 *   npm run bench                 # all benchmarks
 *   npm run bench -- authorizer   # those whose file name contains "authorizer"
 *
 * Before running any, checks what the selected ones need beyond `npm ci` (support/prerequisites.ts)
 * and exits 2 naming each missing piece and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { missingPrerequisites } from './support/prerequisites.ts';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ') || '(none found)'}`);
  process.exit(2);
}
const problems = await missingPrerequisites(files);
if (problems.length > 0) {
  console.error(`Cannot run the benchmarks: ${problems.length} prerequisite(s) missing.`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(2);
}
// The Lambda runtime's `awslambda` global, there before the handlers' modules load, as in Lambda.
const lambdaGlobal = pathToFileURL(path.join(dir, '../support/lambda-global.setup.ts')).href;
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--import', lambdaGlobal, path.join(dir, file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
