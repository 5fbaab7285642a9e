import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { missingPrerequisites, missingPythonModules } from './prerequisites.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'bench-prerequisites-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A stand-in python3 that runs `-c pass` and can import only `jwt`. */
function pythonWithOnlyJwt(): string {
  const file = path.join(folder, 'python3');
  writeFileSync(file, '#!/bin/sh\ncase "$2" in pass|"import jwt") exit 0 ;; *) exit 1 ;; esac\n');
  chmodSync(file, 0o755);
  return file;
}

describe('benchmark prerequisites', () => {
  it('names a missing Python module with the Debian package that provides it', async () => {
    const python = pythonWithOnlyJwt();
    const modules = [
      { module: 'jwt', debianPackage: 'python3-jwt', pipPackage: 'PyJWT' },
      { module: 'requests', debianPackage: 'python3-requests', pipPackage: 'requests' },
    ];
    expect(missingPythonModules(python, modules).missing.map((m) => m.module)).toEqual([
      'requests',
    ]);
    const problems = await missingPrerequisites(['authorizer.bench.ts'], python);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"requests" is missing');
    expect(problems[0]).toContain('apt-get install python3-requests');
  });

  it('says when the Python interpreter itself is missing', async () => {
    const problems = await missingPrerequisites(
      ['authorizer.bench.ts'],
      path.join(folder, 'no-python3'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('needs Python 3');
    expect(problems[0]).toContain('python3-jwt python3-requests');
  });

  it('asks nothing of a benchmark that needs only npm packages', async () => {
    expect(await missingPrerequisites(['usage-ledger.bench.ts'], '/nowhere/python3')).toEqual([]);
  });

  it('makes `npm run bench` stop before running, with the message and no stack trace', () => {
    const run = spawnSync(
      process.execPath,
      [path.resolve(import.meta.dirname, '../run.ts'), 'authorizer'],
      {
        encoding: 'utf8',
        env: { ...process.env, BENCH_PYTHON: path.join(folder, 'no-python3') },
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Cannot run the benchmarks: 1 prerequisite(s) missing.');
    expect(run.stderr).toContain('BENCH_PYTHON');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain('=== authorizer.bench.ts');
  });
});
