import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { APP_DIST, ensureAppBuild, isBuildFresh } from './build.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'app-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const touch = (file: string, secondsAgo: number) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  const time = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, time, time);
};

describe('app build reuse', () => {
  it('is stale without a build, fresh when the build is newer than every input, stale after an edit', async () => {
    touch(path.join(root, 'src', 'app', 'app.ts'), 60);
    expect(isBuildFresh(root)).toBe(false);
    await expect(ensureAppBuild(root, 'skip')).rejects.toThrow(/No app build/);

    touch(path.join(root, APP_DIST, 'index.html'), 30);
    // Directory mtimes count too: give the source folders the old time as well.
    for (const folder of ['src', 'src/app']) {
      const time = new Date(Date.now() - 60_000);
      utimesSync(path.join(root, folder), time, time);
    }
    expect(isBuildFresh(root)).toBe(true);
    expect(await ensureAppBuild(root, 'auto')).toBe(path.join(root, APP_DIST));

    touch(path.join(root, 'src', 'app', 'chat.ts'), 0);
    expect(isBuildFresh(root)).toBe(false);
  });

  it('is stale after an edit to the contract, which the app imports', () => {
    // A second ahead: the previous test's edit (and its folder's mtime) can share this millisecond.
    touch(path.join(root, APP_DIST, 'index.html'), -1);
    expect(isBuildFresh(root)).toBe(true);
    touch(path.join(root, 'amplify', 'contract', 'routes.ts'), -5);
    expect(isBuildFresh(root)).toBe(false);
  });
});
