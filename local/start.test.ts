import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

/** `npm start` and `npm run token` as a person runs them, on free ports and a private state folder. */
const root = path.resolve(import.meta.dirname, '..');
// A fresh clone has no .local/ until something runs local mode.
mkdirSync(path.join(root, '.local'), { recursive: true });
const stateDir = mkdtempSync(path.join(root, '.local', 'cli-test-'));
const env = {
  ...process.env,
  LOCAL_APP_PORT: '0',
  LOCAL_API_PORT: '0',
  LOCAL_AUTH_PORT: '0',
  LOCAL_COGNITO_PORT: '0',
  LOCAL_APP_BUILD: 'none',
  LOCAL_STATE_DIR: stateDir,
};
const script = (name: string) => path.join(root, 'local', name);

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('prints the app URL first, serves tokens to npm run token, refuses a second start, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [script('start.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Ctrl-C stops everything')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`npm start did not get ready:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const urls = [...output.matchAll(/^\s+(App|API|Sign-in)\s+(\S+)/gm)].map((match) => [
        match[1],
        match[2],
      ]);
      expect(urls.map(([name]) => name)).toEqual(['App', 'API', 'Sign-in']);
      const apiUrl = urls[1]![1]!;
      expect(output).toMatch(/admin\s+Local-Admin-1!\s+Administrators/);

      const token = spawnSync(process.execPath, [script('token.ts'), 'mluser'], {
        env,
        encoding: 'utf8',
      });
      expect(token.status).toBe(0);
      const response = await fetch(`${apiUrl}ml/models`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(response.status).toBe(200);

      const second = spawnSync(process.execPath, [script('start.ts')], { env, encoding: 'utf8' });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain('already running');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${apiUrl}ml/models`)).rejects.toThrow();
      const after = spawnSync(process.execPath, [script('token.ts'), 'mluser'], {
        env,
        encoding: 'utf8',
      });
      expect(after.status).toBe(1);
      expect(after.stderr).toContain('not running');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('rejects an invalid port setting with the variable name', () => {
    const result = spawnSync(process.execPath, [script('start.ts')], {
      env: { ...env, LOCAL_API_PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('LOCAL_API_PORT=eighty is not a port');
  });
});
