/**
 * The app's weight and Lighthouse scores.
 *
 * 1. Initial JavaScript: the production build (`ng build`, lazy feature routes) is built once;
 *    the figure is the gzip size of the JS a first visit downloads (main and its static-import
 *    closure); the reference is all of the app's JS, which is what the first visit would
 *    download if the feature routes were eager. Target: initial < 130 KB gzip.
 * 2. Lighthouse (npm `lighthouse`, the Chromium of tests/e2e/find-chromium.ts via chrome-launcher) on local mode: the app's
 *    sign-in page (the first page every user opens: the shell, the config load and the router),
 *    beside the local hosted UI's sign-in page, a server-rendered page without JavaScript, as
 *    the reference. Both Lighthouse presets run: desktop (the corporate users' machines; the
 *    gate: performance and accessibility >= 95) and the default mobile one (slow 4G, 4x CPU
 *    slowdown; printed, accessibility gated). Simulated throttling scales the tasks observed on
 *    this machine, so a loaded machine lowers the performance figures.
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

import { APP_DIST } from '../../local/app/build.ts';
import { startLocalStack } from '../../local/stack.ts';
import { CHROMIUM_FLAGS } from '../e2e/browser.ts';
import { findChromium } from '../e2e/find-chromium.ts';

/** Initial JavaScript budget, gzip bytes (issue 7). */
const INITIAL_JS_BUDGET_BYTES = 130 * 1024;
/** Lighthouse score floor for performance and accessibility (issue 7). */
const LIGHTHOUSE_FLOOR = 95;

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

const gzipBytes = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;

/** Static imports of a built ES module (`import"./x.js"`, `from"./x.js"`), not `import("./x.js")`. */
function staticImports(file: string): string[] {
  const code = readFileSync(path.join(dist, file), 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) {
    found.add(match[1]!);
  }
  return [...found];
}

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((match) => match[1]!);
const initial = new Set<string>();
const queue = [...entries];
while (queue.length > 0) {
  const file = queue.shift()!;
  if (initial.has(file)) continue;
  initial.add(file);
  queue.push(...staticImports(file));
}
const allJs = readdirSync(dist).filter((file) => file.endsWith('.js'));
const initialBytes = [...initial].reduce((sum, file) => sum + gzipBytes(file), 0);
const allBytes = allJs.reduce((sum, file) => sum + gzipBytes(file), 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log('Initial JavaScript (gzip, production build)');
console.log(`  app, lazy feature routes:   ${kb(initialBytes)} in ${initial.size} file(s)`);
console.log(
  `  reference, all app JS:      ${kb(allBytes)} in ${allJs.length} file(s) (= eager routes)`,
);
console.log(`  ratio:                      ${(initialBytes / allBytes).toFixed(2)}`);
console.log(`  budget:                     ${kb(INITIAL_JS_BUDGET_BYTES)}`);
if (initialBytes >= INITIAL_JS_BUDGET_BYTES) {
  console.error('  FAIL: initial JavaScript over budget');
  failed = true;
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
    { name: 'app sign-in page', url: `${stack.appUrl}/sign-in`, isApp: true },
    { name: 'reference: hosted UI page (no JS)', url: hostedUiPage, isApp: false },
  ];
  const presets = [
    { name: 'desktop', config: desktopConfig, gatePerformance: true },
    { name: 'mobile', config: undefined, gatePerformance: false },
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
      scores.push({ performance, accessibility });
      const metric = (id: string) => result?.lhr.audits[id]?.displayValue ?? '?';
      console.log(
        `  ${page.name.padEnd(36)} performance ${performance}, accessibility ${accessibility} ` +
          `(FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')})`,
      );
      const performanceFails = preset.gatePerformance && performance < LIGHTHOUSE_FLOOR;
      if (page.isApp && (performanceFails || accessibility < LIGHTHOUSE_FLOOR)) {
        console.error(`  FAIL: ${page.name} below ${LIGHTHOUSE_FLOOR} (${preset.name})`);
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
    const [app, reference] = scores as [(typeof scores)[0], (typeof scores)[0]];
    console.log(
      `  ratio app/reference:                 performance ${(app.performance / reference.performance).toFixed(2)}, ` +
        `accessibility ${(app.accessibility / reference.accessibility).toFixed(2)}`,
    );
  }
} finally {
  chrome.kill();
  rmSync(userDataDir, { recursive: true, force: true });
  await stack.stop();
}
process.exit(failed ? 1 : 0);
