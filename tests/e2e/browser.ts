/**
 * Browser-test support: a Chromium (the system's, else the npm one: find-chromium.ts) driven by
 * playwright-core, a fresh profile per run, screenshots as artifacts and axe-core checks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type BrowserContext, chromium, type Page } from 'playwright-core';

import { findChromium } from './find-chromium.ts';

/** Flags for a quiet, reproducible headless Chromium in CI containers. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The local hosted UI uses a self-signed certificate.
  '--ignore-certificate-errors',
];

/** Where screenshots go (collected as CI artifacts). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../.test-results/screenshots');

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** A browser with a fresh profile; `close()` removes the profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Starts Chromium headless with a fresh user-data-dir. */
export async function launchBrowser(): Promise<TestBrowser> {
  const binary = await findChromium();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'ml-gateway-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: binary.executablePath,
    env: { ...process.env, ...binary.env },
    headless: true,
    args: [...CHROMIUM_FLAGS, ...binary.extraFlags],
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `.test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** One axe-core finding, reduced to what a failing assertion should print. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, so the app's CSP (no inline scripts) stays on.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: unknown,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** What the sign-in helpers need from the local stack. */
export interface SignInTarget {
  readonly appUrl: string;
  readonly hostedUiUrl: string;
  readonly users: readonly { readonly username: string; readonly password: string }[];
}

/**
 * Signs a seeded user in the way a person does: the app's Entra ID button, the local hosted UI
 * (the Entra ID stand-in), and back to the app at `path`.
 */
export async function signInThroughHostedUi(
  page: Page,
  stack: SignInTarget,
  username: string,
  path = '/',
): Promise<void> {
  const user = stack.users.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  await page.goto(`${stack.appUrl}${path}`);
  await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
  await page.waitForURL((url) => url.href.startsWith(stack.hostedUiUrl));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Runs `run` on a new page, then clears the profile so the next test starts signed out. */
export async function withFreshPage(
  browser: TestBrowser,
  appUrl: string,
  run: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await browser.newPage();
  try {
    await run(page);
  } finally {
    await page.close();
    // Amplify's tokens live in the tab's sessionStorage, its redirect state in localStorage.
    await browser.context.clearCookies();
    const cleanup = await browser.newPage();
    await cleanup.goto(`${appUrl}/sign-in`);
    await cleanup.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
    await cleanup.close();
  }
}

/** The local model that streams the prompt's words back (local/models). */
export const ECHO_MODEL_LABEL = 'Local echo (streams your words back)';

/** The local model that answers with a fixed Markdown document around the prompt. */
export const MARKDOWN_MODEL_LABEL = 'Local Markdown writer (tables, code, lists)';

/** On the chat page: picks the model, types the prompt and sends it. */
export async function sendChatPrompt(
  page: Page,
  prompt: string,
  modelLabel = ECHO_MODEL_LABEL,
): Promise<void> {
  // Exact: a saved conversation's Rename and Delete buttons can carry "model" in their names.
  await page.getByLabel('Model', { exact: true }).selectOption({ label: modelLabel });
  await page.getByLabel('Message', { exact: true }).fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
}
