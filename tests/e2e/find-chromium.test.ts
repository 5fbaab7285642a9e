import { describe, expect, it } from 'vitest';

import { type BrowserProbe, systemChromium } from './find-chromium.ts';

/** A machine with these files (path → first bytes). */
function machine(files: Record<string, string>): BrowserProbe {
  return {
    exists: (file) => file in files,
    head: (file) => files[file] ?? '',
  };
}

const debianLauncher = '#!/bin/sh\nexec /usr/lib/chromium/chromium "$@"\n';
const snapLauncher = '#!/bin/sh\nexec /snap/bin/chromium "$@"\n';
const binary = '\x7fELF';

describe('choosing the browser for the browser tests', () => {
  it('takes CHROME_PATH first, even when a system browser exists', () => {
    const choice = systemChromium(
      { CHROME_PATH: '/opt/chrome/chrome' },
      machine({ '/opt/chrome/chrome': binary, '/usr/bin/chromium': debianLauncher }),
    );
    expect(choice).toMatchObject({ executablePath: '/opt/chrome/chrome', source: 'CHROME_PATH' });
  });

  it('refuses a CHROME_PATH that does not exist instead of silently using another browser', () => {
    expect(() => systemChromium({ CHROME_PATH: '/nowhere/chrome' }, machine({}))).toThrow(
      'CHROME_PATH=/nowhere/chrome does not exist',
    );
  });

  it("prefers Debian's chromium over Google Chrome", () => {
    const choice = systemChromium(
      {},
      machine({ '/usr/bin/chromium': debianLauncher, '/usr/bin/google-chrome': binary }),
    );
    expect(choice?.source).toBe('debian-chromium');
  });

  it("skips Ubuntu's snap launcher and takes Google Chrome (GitHub's Ubuntu runners)", () => {
    const choice = systemChromium(
      {},
      machine({ '/usr/bin/chromium': snapLauncher, '/usr/bin/google-chrome': binary }),
    );
    expect(choice).toMatchObject({
      executablePath: '/usr/bin/google-chrome',
      source: 'google-chrome',
    });
  });

  it('finds no system browser on a bare machine, so the npm Chromium serves', () => {
    expect(systemChromium({}, machine({}))).toBeUndefined();
    expect(systemChromium({}, machine({ '/usr/bin/chromium': snapLauncher }))).toBeUndefined();
  });
});
