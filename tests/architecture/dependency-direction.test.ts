/**
 * The dependency direction of docs/architecture.md, read from the import graph the TypeScript
 * compiler and esbuild see: contract ← catalog ← functions and constructs ← emulator and tests,
 * and the app imports only the contract.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** The files a tsconfig compiles, with the options that resolve their imports. */
function project(tsconfig: string): { files: string[]; options: ts.CompilerOptions } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  return { files: parsed.fileNames, options: parsed.options };
}

/** One import of a file: the specifier and, when it resolves to a file, that file. */
interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** Repository-relative path; undefined for a package or a built-in. */
  readonly to?: string;
  readonly isPackage: boolean;
}

/** Every static, type-only and literal dynamic import of the files, resolved by the compiler. */
function importsOf(files: readonly string[], options: ts.CompilerOptions): ImportEdge[] {
  return files.flatMap((file) =>
    ts.preProcessFile(ts.sys.readFile(file)!, true, true).importedFiles.map(({ fileName }) => {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
      const isPackage = !fileName.startsWith('.') && !fileName.startsWith('$amplify/');
      return {
        from: relative(file),
        specifier: fileName,
        to: resolved && !isPackage ? relative(resolved.resolvedFileName) : undefined,
        isPackage,
      };
    }),
  );
}

const describeEdge = (edge: ImportEdge) => `${edge.from} → ${edge.to ?? edge.specifier}`;
const isTest = (file: string) => /\.(test|spec|bench)\.ts$/.test(file);
const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

const amplify = project('amplify/tsconfig.json');
const node = project('tsconfig.node.json');
const app = project('tsconfig.app.json');

describe('dependency direction', () => {
  it('production code (what amplify/tsconfig.json deploys) imports no local/, test or vitest code', () => {
    const wrong = importsOf(amplify.files, amplify.options).filter(
      (edge) =>
        (edge.isPackage && ['vitest', '@vitest/expect'].includes(packageName(edge.specifier))) ||
        (edge.to !== undefined && (!edge.to.startsWith('amplify/') || isTest(edge.to))),
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it('the contract imports nothing but itself and zod (no CDK, no catalog, no Node built-ins)', () => {
    const contract = node.files.filter(
      (file) => relative(file).startsWith('amplify/contract/') && !isTest(file),
    );
    expect(contract.length).toBeGreaterThan(0);
    const wrong = importsOf(contract, node.options).filter((edge) =>
      edge.isPackage
        ? packageName(edge.specifier) !== 'zod'
        : !edge.to?.startsWith('amplify/contract/'),
    );
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it('the catalog (catalog.ts and its catalog-*.ts parts) imports only the contract and the guardrail policies', () => {
    const isCatalog = (path: string | undefined) =>
      path === 'amplify/catalog.ts' || /^amplify\/catalog-[\w-]+\.ts$/.test(path ?? '');
    const catalog = node.files.filter(
      (file) => isCatalog(relative(file)) && !relative(file).endsWith('.test.ts'),
    );
    const wrong = importsOf(catalog, node.options).filter(
      (edge) =>
        edge.isPackage ||
        !(
          edge.to?.startsWith('amplify/contract/') ||
          edge.to?.startsWith('amplify/guardrails/') ||
          isCatalog(edge.to)
        ),
    );
    expect(catalog.map(relative)).toContain('amplify/catalog.ts');
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it('the app imports nothing from amplify/ but the contract', () => {
    const wrong = importsOf(app.files, app.options).filter(
      (edge) =>
        edge.to?.startsWith('amplify/') === true && !edge.to.startsWith('amplify/contract/'),
    );
    expect(app.files.length).toBeGreaterThan(0);
    expect(wrong.map(describeEdge)).toEqual([]);
  });

  it('the emulator and the handlers it loads run without the CDK', async () => {
    const runtime = node.files.filter((file) => {
      const name = relative(file);
      return (
        (name.startsWith('local/') && !isTest(name)) ||
        /^amplify\/functions\/[^/]+\/(handler|stream-handler)\.ts$/.test(name)
      );
    });
    const result = await build({
      entryPoints: runtime,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outdir: path.join(ROOT, '.local', 'import-graph'),
      logLevel: 'silent',
      external: builtinModules.flatMap((name) => [name, `node:${name}`]),
    });
    // esbuild drops type-only imports: these edges are what Node loads at run time.
    const wrong = Object.entries(result.metafile.inputs).flatMap(([from, input]) =>
      input.imports
        .filter((edge) =>
          ['aws-cdk-lib', 'constructs', '@aws-amplify/backend'].includes(packageName(edge.path)),
        )
        .map((edge) => `${from} → ${edge.path}`),
    );
    expect(runtime.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
