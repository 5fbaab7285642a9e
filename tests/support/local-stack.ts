/**
 * Local mode for the tests that call it over HTTP: the whole stack on ephemeral ports, without
 * the app build and without AWS, started before the calling file's tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';

import { type LocalStack, startLocalStack } from '../../local/stack.ts';

/** The stack's options for such tests: ephemeral ports, no app, the local servers for AWS. */
export const HEADLESS_STACK_OPTIONS = {
  ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
  app: 'none',
  realAws: false,
} as const;

/** How long starting the stack may take on a busy machine, in ms. */
const START_TIMEOUT_MS = 120_000;

/**
 * Starts a headless local stack for the calling file (call at its top level); the handle's
 * `stack` is set once the file's `beforeAll` has run.
 */
export function useHeadlessStack(): { readonly stack: LocalStack } {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack(HEADLESS_STACK_OPTIONS);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    get stack() {
      if (!stack) throw new Error('useHeadlessStack: the stack starts in beforeAll');
      return stack;
    },
  };
}
