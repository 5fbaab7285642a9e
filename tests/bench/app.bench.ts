/**
 * The app's weight and Lighthouse scores.
 *
 * 1. Initial JavaScript: the production build (`ng build`, lazy feature routes) is built once;
 *    the figure is the gzip size of the JS a first visit downloads (the loader, the app it
 *    imports once the shell is painted, and their static-import closure:
 *    tests/support/initial-js.ts); the reference is all of the app's JS, which is what the first
 *    visit would download if the feature routes were eager. Budget: initial <= 110 KB gzip.
 * 2. Lighthouse (npm `lighthouse`, the Chromium of tests/e2e/find-chromium.ts via chrome-launcher) on local mode: the app's
 *    sign-in page in each language build (the first page every user opens: the shell, the
 *    config load and the router), beside the local hosted UI's sign-in page, a server-rendered
 *    page without JavaScript, as the reference. Both Lighthouse presets run, both gated (issue
 *    15: accessibility 100 and performance >= 95 in every run): desktop (the corporate users'
 *    machines) and the default mobile one (slow 4G, 4x CPU slowdown). Simulated throttling
 *    scales the tasks observed on this machine, so a loaded machine lowers the performance
 *    figures. Each app page's scores are printed against the budget; a miss lists the failing
 *    audits and fails the run.
 *
 *   npm run bench -- app
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { launch } from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';

import { APP_LOCALES, localeBasePath } from '../../amplify/contract/locales.ts';
import { APP_DIST } from '../../local/app/build.ts';
import { startLocalStack } from '../../local/stack.ts';
import { CHROMIUM_FLAGS } from '../e2e/browser.ts';
import { findChromium } from '../e2e/find-chromium.ts';
import { initialJsFiles } from '../support/initial-js.ts';

/** Initial JavaScript budget, gzip bytes (issue 15, as tests/e2e/chat-bundle.test.ts pins it). */
const INITIAL_JS_BUDGET_BYTES = 110 * 1024;
/** Lighthouse score floors of the app's pages, on both presets (issue 15). */
const LIGHTHOUSE_BUDGET = { performance: 95, accessibility: 100 } as const;

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, APP_DIST);
let failed = false;

// --- 1. Initial JavaScript ---------------------------------------------------------------
const ng = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
const build = spawnSync(process.execPath, [ng, 'build', '--configuration', 'production'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
});
if (build.status !== 0) throw new Error('ng build failed');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log('Initial JavaScript (gzip, production build)');
// Each language is a build of its own (docs/i18n.md); a first visit loads one of them.
for (const locale of APP_LOCALES) {
  const folder = path.join(dist, locale.subPath);
  const gzipBytes = (file: string) => gzipSync(readFileSync(path.join(folder, file))).length;
  const initial = initialJsFiles(folder);
  const allJs = readdirSync(folder).filter((file) => file.endsWith('.js'));
  const initialBytes = initial.reduce((sum, file) => sum + gzipBytes(file), 0);
  const allBytes = allJs.reduce((sum, file) => sum + gzipBytes(file), 0);
  console.log(`  ${locale.id} build (${localeBasePath(locale)})`);
  console.log(`    app, lazy feature routes:   ${kb(initialBytes)} in ${initial.length} file(s)`);
  console.log(
    `    reference, all app JS:      ${kb(allBytes)} in ${allJs.length} file(s) (= eager routes)`,
  );
  console.log(`    ratio:                      ${(initialBytes / allBytes).toFixed(2)}`);
  console.log(
    `    budget:                     ${kb(INITIAL_JS_BUDGET_BYTES)}: ${initialBytes > INITIAL_JS_BUDGET_BYTES ? 'MISSED' : 'met'}`,
  );
  if (initialBytes > INITIAL_JS_BUDGET_BYTES) {
    console.error(`  FAIL: initial JavaScript of the ${locale.id} build over budget`);
    failed = true;
  }
}

// --- 2. Lighthouse on local mode -----------------------------------------------------------
const stack = await startLocalStack({
  ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
  app: 'skip',
});
const userDataDir = mkdtempSync(path.join(tmpdir(), 'ml-gateway-lighthouse-'));
const binary = await findChromium();
console.log(`\nBrowser: ${binary.source} (${binary.executablePath})`);
const chrome = await launch({
  chromePath: binary.executablePath,
  chromeFlags: [...CHROMIUM_FLAGS, ...binary.extraFlags],
  envVars: { ...process.env, ...binary.env },
  userDataDir,
});
try {
  const verifier = 'benchmark-code-verifier-benchmark-code-verifier-0123456789';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const hostedUiPage =
    `${stack.hostedUiUrl}/oauth2/authorize?` +
    new URLSearchParams({
      response_type: 'code',
      client_id: stack.userPoolClientId,
      redirect_uri: `${stack.appUrl}/`,
      scope: 'openid email profile',
      state: 'benchmark',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
  const pages = [
    ...APP_LOCALES.map((locale) => ({
      name: `app sign-in page, ${locale.id}`,
      url: `${stack.appUrl}${localeBasePath(locale)}sign-in`,
      isApp: true,
    })),
    { name: 'reference: hosted UI page (no JS)', url: hostedUiPage, isApp: false },
  ];
  const presets = [
    { name: 'desktop', config: desktopConfig },
    { name: 'mobile', config: undefined },
  ] as const;
  for (const preset of presets) {
    console.log(`\nLighthouse, ${preset.name} preset (simulated throttling)`);
    const scores: { performance: number; accessibility: number }[] = [];
    for (const page of pages) {
      const result = await lighthouse(
        page.url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
        },
        preset.config,
      );
      const categories = result?.lhr.categories;
      const performance = Math.round((categories?.['performance']?.score ?? 0) * 100);
      const accessibility = Math.round((categories?.['accessibility']?.score ?? 0) * 100);
      const scoreOf = { performance, accessibility };
      scores.push(scoreOf);
      const metric = (id: string) => result?.lhr.audits[id]?.displayValue ?? '?';
      console.log(
        `  ${page.name.padEnd(36)} performance ${performance}, accessibility ${accessibility} ` +
          `(FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')})`,
      );
      if (!page.isApp) continue;
      const missed = (['performance', 'accessibility'] as const).filter(
        (category) => scoreOf[category] < LIGHTHOUSE_BUDGET[category],
      );
      console.log(
        `    budget: performance >= ${LIGHTHOUSE_BUDGET.performance}, accessibility >= ` +
          `${LIGHTHOUSE_BUDGET.accessibility}: ${missed.length === 0 ? 'met' : `MISSED (${missed.join(', ')})`}`,
      );
      if (missed.length > 0) {
        console.error(`  FAIL: ${page.name} missed the budget (${preset.name})`);
        const failing = Object.values(result?.lhr.audits ?? {}).filter(
          (audit) =>
            audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative',
        );
        for (const audit of failing) {
          console.error(`    ${audit.id}: ${audit.title} ${audit.displayValue ?? ''}`);
        }
        failed = true;
      }
    }
    const reference = scores.at(-1)!;
    for (const [index, app] of scores.slice(0, -1).entries()) {
      console.log(
        `  ratio ${pages[index]!.name} / reference: performance ${(app.performance / reference.performance).toFixed(2)}, ` +
          `accessibility ${(app.accessibility / reference.accessibility).toFixed(2)}`,
      );
    }
  }
} finally {
  chrome.kill();
  rmSync(userDataDir, { recursive: true, force: true });
  await stack.stop();
}
process.exit(failed ? 1 : 0);
