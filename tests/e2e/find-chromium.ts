/**
 * Which Chromium the browser tests and Lighthouse drive. In order: `CHROME_PATH`, Debian's
 * `/usr/bin/chromium`, Google Chrome (preinstalled on GitHub's Ubuntu runners, where the
 * `chromium` package is only a wrapper for the snap), and otherwise the Chromium of the npm
 * dev dependency `@sparticuz/chromium`, so `npm ci && npm test` needs no apt on any machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where a browser came from (printed by the tests, so a log says which one ran). */
export type ChromiumSource = 'CHROME_PATH' | 'debian-chromium' | 'google-chrome' | 'npm-chromium';

/** A browser to launch: its binary, and what its launch needs beyond the shared flags. */
export interface ChromiumBinary {
  readonly executablePath: string;
  readonly source: ChromiumSource;
  /** Flags this binary needs on top of the caller's. */
  readonly extraFlags: readonly string[];
  /** Environment variables to launch it with (on top of `process.env`). */
  readonly env: Readonly<Record<string, string>>;
}

/** System browsers, in order of preference. */
const SYSTEM_CHROMIUMS: readonly {
  readonly path: string;
  readonly source: ChromiumSource;
}[] = [
  { path: '/usr/bin/chromium', source: 'debian-chromium' },
  { path: '/usr/bin/google-chrome', source: 'google-chrome' },
];

/** The file system questions the choice asks (injected so tests can pose any machine). */
export interface BrowserProbe {
  exists(file: string): boolean;
  /** The start of a file (to recognise a launcher script), or '' when unreadable. */
  head(file: string): string;
}

const fileProbe: BrowserProbe = {
  exists: existsSync,
  head(file) {
    try {
      return readFileSync(file).subarray(0, 4096).toString('latin1');
    } catch {
      return '';
    }
  },
};

/** Ubuntu's `chromium` launcher only starts the snap, which cannot run in CI containers. */
function isSnapLauncher(head: string): boolean {
  return head.startsWith('#!') && head.includes('/snap/');
}

/**
 * The system browser to use, or undefined when the machine has none (then the npm one serves).
 * `CHROME_PATH` wins and must exist.
 */
export function systemChromium(
  env: NodeJS.ProcessEnv = process.env,
  probe: BrowserProbe = fileProbe,
): ChromiumBinary | undefined {
  const chosen = env['CHROME_PATH'];
  if (chosen) {
    if (!probe.exists(chosen)) throw new Error(`CHROME_PATH=${chosen} does not exist`);
    return { executablePath: chosen, source: 'CHROME_PATH', extraFlags: [], env: {} };
  }
  for (const candidate of SYSTEM_CHROMIUMS) {
    if (probe.exists(candidate.path) && !isSnapLauncher(probe.head(candidate.path)))
      return { executablePath: candidate.path, source: candidate.source, extraFlags: [], env: {} };
  }
  return undefined;
}

/** Flags the npm Chromium (a headless-shell build) needs outside Lambda: no zygote process. */
const NPM_CHROMIUM_FLAGS = ['--no-zygote'];

/**
 * The npm Chromium: `executablePath()` unpacks it into the temp folder once (3-5 s), then
 * reuses it. Its fonts (Open Sans) come along; fontconfig is pointed at them only when the
 * machine has no fontconfig setup of its own, so system fonts win where there are any.
 */
async function npmChromium(probe: BrowserProbe = fileProbe): Promise<ChromiumBinary> {
  const { default: sparticuz, inflate } = await import('@sparticuz/chromium');
  const executablePath = await sparticuz.executablePath();
  if (probe.exists('/etc/fonts/fonts.conf'))
    return { executablePath, source: 'npm-chromium', extraFlags: NPM_CHROMIUM_FLAGS, env: {} };
  // A reused binary skips unpacking, so the fonts may be gone from the temp folder.
  const bundledFonts = path.join(tmpdir(), 'fonts');
  if (!probe.exists(path.join(bundledFonts, 'fonts.conf'))) {
    const packageMain = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    await inflate(path.join(path.dirname(packageMain), '..', 'bin', 'fonts.tar.br'));
  }
  const env = { FONTCONFIG_PATH: bundledFonts };
  return { executablePath, source: 'npm-chromium', extraFlags: NPM_CHROMIUM_FLAGS, env };
}

let found: Promise<ChromiumBinary> | undefined;

/** The browser for this machine (chosen once per process). */
export function findChromium(): Promise<ChromiumBinary> {
  found ??= Promise.resolve().then(() => systemChromium() ?? npmChromium());
  return found;
}
