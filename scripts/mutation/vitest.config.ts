import path from 'node:path';

import { defineConfig } from 'vitest/config';

import { groupNamed } from './groups.ts';

/**
 * The Vitest config of one mutation group (`MUTATION_GROUP`, set by scripts/mutation/run.ts):
 * only that group's in-process tests, so each mutant runs the few tests that can kill it.
 */
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    environment: 'node',
    include: [...groupNamed(process.env['MUTATION_GROUP'] ?? '').tests],
    testTimeout: 30_000,
  },
});
