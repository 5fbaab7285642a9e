import { defineConfig } from 'vitest/config';

/**
 * Node-side test projects. The Angular app's unit tests run through `ng test` (its own Vitest
 * runner); these cover the backend, the local stack, the synthesized templates and the browser.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'backend',
          environment: 'node',
          include: [
            'amplify/**/*.test.ts',
            'local/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/bench/**/*.test.ts',
            'tests/architecture/**/*.test.ts',
          ],
          setupFiles: ['tests/support/lambda-global.setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'infra',
          environment: 'node',
          include: ['tests/infra/**/*.test.ts'],
          globalSetup: ['tests/infra/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
