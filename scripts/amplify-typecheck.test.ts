import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { runAmplifyTypeCheck } from './amplify-typecheck.ts';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'amplify-typecheck-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A throwaway `amplify/` folder with a strict tsconfig and the given sources. */
function fixtureProject(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name, 'amplify');
  mkdirSync(dir, { recursive: true });
  const tsconfig = {
    compilerOptions: { strict: true, types: [], noEmit: true },
    include: ['./**/*.ts'],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The files a tsconfig of this repository type-checks, relative to the repository root. */
function filesOf(tsconfig: string): string[] {
  const file = path.join(root, tsconfig);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts
    .parseJsonConfigFileContent(config, ts.sys, path.dirname(file))
    .fileNames.map((name) => path.relative(root, name));
}

describe("Amplify's pre-deploy type check", () => {
  it('refuses a project with a type error, naming the file and the code', async () => {
    const dir = fixtureProject('broken', {
      'backend.ts': 'export const port: number = "8080";\n',
    });
    const result = await runAmplifyTypeCheck(dir);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/backend\.ts.*TS2322/s);
  });

  it('refuses a test file the tsconfig includes, as it refused amplify/ (TS7006)', async () => {
    const dir = fixtureProject('test-included', {
      'backend.ts': 'export const port = 8080;\n',
      'backend.test.ts': 'export const close = (callback) => callback;\n',
    });
    const result = await runAmplifyTypeCheck(dir);
    expect(!result.ok && result.message).toMatch(/backend\.test\.ts.*TS7006/s);
  });

  it('accepts a project that type-checks', async () => {
    const dir = fixtureProject('clean', { 'backend.ts': 'export const port = 8080;\n' });
    expect(await runAmplifyTypeCheck(dir)).toEqual({ ok: true });
  });
});

describe('amplify/tsconfig.json', () => {
  const deployed = filesOf('amplify/tsconfig.json');
  const nodeChecked = filesOf('tsconfig.node.json');
  const testSupport = /\.test\.ts$/;

  it('covers only what deploys: no tests or test support', () => {
    expect(deployed).toContain('amplify/backend.ts');
    expect(deployed.filter((file) => testSupport.test(file))).toEqual([]);
  });

  it('leaves the tests under amplify/ to tsconfig.node.json, which still type-checks them', () => {
    const amplifyTests = nodeChecked.filter(
      (file) => file.startsWith('amplify/') && testSupport.test(file),
    );
    expect(amplifyTests).toContain('amplify/catalog.test.ts');
    expect(nodeChecked).toEqual(expect.arrayContaining(deployed));
  });
});
