/**
 * The production build of the app under its Content-Security-Policy, in real Chromium: served
 * by local mode's static server (the headers of amplify/hosting), with the per-build meta tag
 * that amplify.yml adds (scripts/hosting/environment-csp.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { localSecurityHeaders } from '../../amplify/hosting/security-headers.ts';
import { ensureAppBuild } from '../../local/app/build.ts';
import { writeLocalOutputs } from '../../local/app/outputs.ts';
import { startStaticServer, type StaticServer } from '../../local/app/static-server.ts';
import { REPO_ROOT } from '../../local/stack.ts';
import { withConnectSrcMeta } from '../../scripts/hosting/environment-csp.ts';
import { CHROMIUM_FLAGS } from './browser.ts';
import { findChromium } from './find-chromium.ts';

/** The shared headless flags without `--ignore-certificate-errors`: this test serves no https. */
const CSP_TEST_FLAGS = CHROMIUM_FLAGS.filter((flag) => flag !== '--ignore-certificate-errors');

interface Violation {
  directive: string;
  blockedURI: string;
}

declare global {
  interface Window {
    violations: Violation[];
    inlineScriptRan?: boolean;
  }
}

/** A server that answers every request `ok`, readable from any origin. */
async function startEchoServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) =>
    response.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

let browser: Browser;
let app: StaticServer;
let environmentApi: { server: Server; origin: string };
let otherApi: { server: Server; origin: string };
let root: string;

beforeAll(async () => {
  const dist = await ensureAppBuild(REPO_ROOT, 'auto');
  root = mkdtempSync(path.join(tmpdir(), 'csp-app-'));
  cpSync(dist, root, { recursive: true });
  environmentApi = await startEchoServer();
  otherApi = await startEchoServer();
  // The header allows both APIs, as the region-wide customHttp.yml allows every API of the
  // region; the build's meta tag names only this environment's API.
  const index = path.join(root, 'index.html');
  writeFileSync(index, withConnectSrcMeta(readFileSync(index, 'utf8'), [environmentApi.origin]));
  app = await startStaticServer(0);
  app.serve({
    root,
    outputsFile: writeLocalOutputs(root, {
      region: 'us-east-1',
      userPoolId: 'us-east-1_csptest',
      userPoolClientId: 'csptestclient',
      oauthDomain: 'localhost:9',
      appOrigin: app.origin,
      apiUrl: `${environmentApi.origin}/`,
      userPoolEndpoint: environmentApi.origin,
    }),
    connectOrigins: [environmentApi.origin, otherApi.origin],
  });
  const binary = await findChromium();
  browser = await chromium.launch({
    executablePath: binary.executablePath,
    env: { ...process.env, ...binary.env },
    args: [...CSP_TEST_FLAGS, ...binary.extraFlags],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  for (const echo of [environmentApi, otherApi]) echo?.server.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A page that records every CSP violation (the recorder is injected outside the page's CSP). */
async function openApp(route: string): Promise<{ page: Page; status: number | undefined }> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.violations.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI }),
    );
  });
  const response = await page.goto(`${app.origin}${route}`);
  await page.waitForFunction(
    () => (document.querySelector('app-root')?.childElementCount ?? 0) > 0,
  );
  return { page, status: response?.status() };
}

describe('the production build under the CSP', () => {
  it('starts, styled, without a single CSP violation', async () => {
    const { page, status } = await openApp('/');
    expect(status).toBe(200);
    // The global stylesheet must be active (critical-CSS inlining would leave it media=print).
    const media = await page.$$eval('link[rel="stylesheet"]', (links) =>
      links.map((link) => (link as HTMLLinkElement).media),
    );
    expect(media.length).toBeGreaterThan(0);
    for (const value of media) expect(['', 'all']).toContain(value);
    expect(await page.$$eval('script:not([src])', (scripts) => scripts.length)).toBe(0);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.violations)).toEqual([]);
    await page.close();
  });

  it('loads a deep link through the SPA rewrite, under the same headers', async () => {
    const { page, status } = await openApp('/chat/some/deep/link');
    expect(status).toBe(200);
    expect(await page.evaluate(() => window.violations)).toEqual([]);
    await page.close();
  });

  it('serves the local security headers on the page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${app.origin}/`);
    const expected = localSecurityHeaders([environmentApi.origin, otherApi.origin]);
    for (const [name, value] of Object.entries(expected))
      expect(response?.headers()[name.toLowerCase()], name).toBe(value);
    await page.close();
  });

  it('blocks an injected inline script', async () => {
    const { page } = await openApp('/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true';
      document.head.append(script);
    });
    await page.waitForFunction(() => window.violations.length > 0);
    expect(await page.evaluate(() => window.inlineScriptRan)).toBeUndefined();
    expect(await page.evaluate(() => window.violations)).toEqual([
      expect.objectContaining({ directive: 'script-src-elem', blockedURI: 'inline' }),
    ]);
    await page.close();
  });

  it("connects only to this environment's API: the header and the build's meta tag both apply", async () => {
    const { page } = await openApp('/');
    const reach = (url: string) =>
      page.evaluate(
        (target) =>
          fetch(target).then(
            (response) => response.text(),
            (error: Error) => `blocked: ${error.name}`,
          ),
        url,
      );
    expect(await reach(`${environmentApi.origin}/ml/models`)).toBe('ok');
    // Allowed by the region-wide header, refused by the environment's meta tag.
    expect(await reach(`${otherApi.origin}/ml/models`)).toBe('blocked: TypeError');
    // Allowed by neither.
    expect(await reach('http://127.0.0.1:9/')).toBe('blocked: TypeError');
    // Each policy reports its own violation: the other API breaks one, the unknown host both.
    const violations = await page.evaluate(() => window.violations);
    expect(violations.every((violation) => violation.directive === 'connect-src')).toBe(true);
    expect(violations.map((violation) => new URL(violation.blockedURI).origin)).toEqual([
      otherApi.origin,
      'http://127.0.0.1:9',
      'http://127.0.0.1:9',
    ]);
    await page.close();
  });
});
