import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Where `ng build` writes the browser bundle. */
export const APP_DIST = path.join('dist', 'ml-gateway', 'browser');

/** Inputs of the app build: a change to any of them makes an existing build stale. */
const BUILD_INPUTS = [
  'src',
  // The one part of amplify/ the app imports.
  'amplify/contract',
  'public',
  'angular.json',
  'tsconfig.json',
  'tsconfig.app.json',
  'package-lock.json',
];

/** When to build the app: `auto` rebuilds only when an input is newer than the build. */
export type AppBuildMode = 'auto' | 'always' | 'skip';

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(target).reduce(
    (newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))),
    info.mtimeMs,
  );
}

/** Whether `<root>/dist/ml-gateway/browser` exists and is newer than every build input. */
export function isBuildFresh(root: string): boolean {
  const index = path.join(root, APP_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtime(path.join(root, input)) <= built);
}

/**
 * Makes sure a build of the app exists (production configuration, as deployed) and returns its
 * folder. `skip` uses whatever is there and fails clearly when nothing is.
 */
export async function ensureAppBuild(root: string, mode: AppBuildMode): Promise<string> {
  const dist = path.join(root, APP_DIST);
  if (mode === 'skip' || (mode === 'auto' && isBuildFresh(root))) {
    if (!existsSync(path.join(dist, 'index.html'))) {
      throw new Error(
        `No app build in ${APP_DIST}: run \`npm run build\` or start without skipping the build`,
      );
    }
    return dist;
  }
  // The CLI's entry under this process's Node (the project's Node 24), whatever PATH holds.
  const ng = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  const child = spawn(process.execPath, [ng, 'build', '--configuration', 'production'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`The app build failed (ng build exited with ${code})`);
  return dist;
}
