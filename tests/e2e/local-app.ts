import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import {
  launchBrowser,
  signInThroughHostedUi,
  type TestBrowser,
  withFreshPage,
} from './browser.ts';

/** What a browser test file works with: its local stack, a fresh page, a sign-in. */
export interface LocalApp {
  /** Set once the file's `beforeAll` has run. */
  readonly stack: LocalStack;
  readonly browser: TestBrowser;
  withPage(run: (page: Page) => Promise<void>): Promise<void>;
  signIn(page: Page, username: string, path?: string): Promise<void>;
}

export interface LocalAppOptions {
  /** Lets the app's pages read and write the clipboard (Copy buttons). @default false */
  readonly clipboard?: boolean;
  /** Variables added to the local stack's environment (settings such as time-outs). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts local mode (with the built app) and a browser before the calling file's tests and
 * stops both after them. Call at the top level of a test file.
 */
export function useLocalApp(options: LocalAppOptions = {}): LocalApp {
  let stack: LocalStack | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({
      ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
      app: 'auto',
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    });
    browser = await launchBrowser();
    if (options.clipboard)
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: stack.appUrl,
      });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value)
      throw new Error('useLocalApp: the local app is not started (beforeAll has not run)');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    withPage: (run) => withFreshPage(started(browser), started(stack).appUrl, run),
    signIn: (page, username, path = '/') =>
      signInThroughHostedUi(page, started(stack), username, path),
  };
}
