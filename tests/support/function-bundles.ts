/**
 * The functions' bundles as the deploy builds them (`ESM_BUNDLE_OPTIONS`, esm-function.ts), for
 * the architecture tests and the processor benchmark: what a cold start loads and what waits
 * for a dynamic import, from esbuild's metafile.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import { build, buildSync, type Metafile } from 'esbuild';

import { ESM_BUNDLE_OPTIONS } from '../../amplify/functions/shared/esm-bundling.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Bundles `entry` (relative to the project root) as the deploy does and returns esbuild's
 * metafile; written to `outdir` when given, else kept in memory.
 */
export async function bundleFunction(entry: string, outdir?: string): Promise<Metafile> {
  const { metafile } = await build({
    entryPoints: [path.resolve(ROOT, entry)],
    ...ESM_BUNDLE_OPTIONS,
    outdir: outdir ?? path.join(tmpdir(), 'function-bundle'),
    write: outdir !== undefined,
    metafile: true,
    logLevel: 'silent',
  });
  return metafile;
}

/**
 * The output files a cold start loads: the entry and the chunks it imports statically,
 * transitively (a dynamic import loads its chunk when it is reached).
 */
export function coldStartOutputs(metafile: Metafile): string[] {
  // `index.mjs` (ESM_BUNDLE_OPTIONS.entryNames); a dynamically imported chunk has an entry point too.
  const entry = Object.keys(metafile.outputs).find((file) => path.basename(file) === 'index.mjs');
  if (!entry) throw new Error('the bundle has no index.mjs');
  const loaded = new Set<string>([entry]);
  for (const file of loaded)
    for (const { path: imported, kind } of metafile.outputs[file]!.imports)
      if (kind === 'import-statement' && imported in metafile.outputs) loaded.add(imported);
  return [...loaded];
}

/** The input files with code in `outputs` (esbuild lists shaken-out ones too, with 0 bytes). */
export function inputsOf(metafile: Metafile, outputs: readonly string[]): string[] {
  const inputs = new Set<string>();
  for (const output of outputs)
    for (const [file, { bytesInOutput }] of Object.entries(metafile.outputs[output]!.inputs))
      if (bytesInOutput > 0) inputs.add(file);
  return [...inputs];
}

/** The JavaScript outputs of the bundle (source maps excluded). */
export function scriptOutputs(metafile: Metafile): string[] {
  return Object.keys(metafile.outputs).filter((file) => !file.endsWith('.map'));
}

/** The KiB of `outputs`. */
export function kibOf(metafile: Metafile, outputs: readonly string[]): number {
  return outputs.reduce((total, file) => total + metafile.outputs[file]!.bytes, 0) / 1024;
}

/** What a deployed function asset holds, read back with esbuild (`readFunctionAsset`). */
export interface FunctionAsset {
  /** The files a cold start loads, with their bytes: `index.mjs` and its static imports. */
  readonly coldStartFiles: readonly { file: string; bytes: number }[];
  /**
   * The Node built-ins any of its files imports as ES modules (statically or with `import()`),
   * e.g. `node:crypto`; those taken with `process.getBuiltinModule` are not imports.
   */
  readonly builtinImports: readonly string[];
}

/**
 * A deployed function asset (`index.mjs` and `chunks/`, as esm-function.ts writes them) read
 * back with one esbuild build: what a cold start loads (`index.mjs` and what it imports
 * statically, transitively) and which built-ins its files import.
 */
export function readFunctionAsset(folder: string): FunctionAsset {
  const { metafile } = buildSync({
    entryPoints: [path.join(folder, 'index.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: path.join(tmpdir(), 'function-asset'),
    logLevel: 'silent',
  });
  const byPath = new Map(
    Object.entries(metafile.inputs).map(([file, input]) => [path.resolve(file), input]),
  );
  const loaded = new Set<string>([path.join(folder, 'index.mjs')]);
  for (const file of loaded)
    for (const { path: imported, kind, external } of byPath.get(file)?.imports ?? [])
      if (kind === 'import-statement' && !external) loaded.add(path.resolve(imported));
  const builtins = new Set<string>();
  for (const input of byPath.values())
    for (const { path: imported, external } of input.imports) if (external) builtins.add(imported);
  return {
    coldStartFiles: [...loaded].map((file) => ({ file, bytes: byPath.get(file)!.bytes })),
    builtinImports: [...builtins].sort(),
  };
}
