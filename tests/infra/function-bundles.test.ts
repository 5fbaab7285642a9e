import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, inject, it } from 'vitest';

import { BUILTIN_ALIASES } from '../../amplify/functions/shared/esm-bundling.ts';
import { FUNCTION_BUNDLE_BUDGET_KIB } from '../bench/support/budgets.ts';
import { readFunctionAsset } from '../support/function-bundles.ts';
import { loadBackend } from './assembly.ts';

interface FunctionResource {
  Type: string;
  Metadata?: Record<string, string>;
}

/** A function of the synthesized backend and the KiB of code a cold start of it loads. */
interface FunctionBundle {
  /** `<stack>/<logical id>`. */
  readonly fn: string;
  readonly kib: number;
  /** The Node built-ins its files import as ES modules (the app's functions only). */
  readonly builtins: readonly string[];
}

/**
 * Every Lambda function of the sandbox backend with what a cold start loads of the bundle it
 * deploys: the entry and the chunks it imports statically (source maps and the chunks of
 * dynamic imports excluded).
 */
function functionBundles(): FunctionBundle[] {
  const dir = inject('synthDirs').sandbox;
  const bundles: FunctionBundle[] = [];
  for (const [stack, template] of Object.entries(loadBackend('sandbox').all)) {
    const resources = (template as { Resources?: Record<string, FunctionResource> }).Resources;
    for (const [id, resource] of Object.entries(resources ?? {})) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !asset) continue;
      const folder = path.join(dir, asset);
      // The app's functions are ES modules (index.mjs); CDK's own handlers are one index.js.
      const app = existsSync(path.join(folder, 'index.mjs'))
        ? readFunctionAsset(folder)
        : undefined;
      const bytes = app
        ? app.coldStartFiles.reduce((total, { bytes: size }) => total + size, 0)
        : statSync(path.join(folder, 'index.js')).size;
      bundles.push({
        fn: `${stack}/${id}`,
        kib: bytes / 1024,
        builtins: app?.builtinImports ?? [],
      });
    }
  }
  return bundles;
}

/** The functions of the app whose bundles the budget is about (logical id prefixes). */
const APP_FUNCTIONS = [
  'apiauthorizerlambda',
  'groupmappinglambda',
  'mlbedrockprocessorlambda',
  'mlbedrockstreamprocessorlambda',
  'mlsagemakerprocessorlambda',
  'mlsagemakerstreamprocessorlambda',
  'usageapilambda',
  'usagesweeperlambda',
  'scimapilambda',
];

describe('function bundles (as synthesized: esbuild, ESM, minified, AWS SDK inside)', () => {
  const bundles = functionBundles();

  it('measures a real bundle of every app function (the check below cannot pass on nothing)', () => {
    for (const prefix of APP_FUNCTIONS) {
      const found = bundles.filter(({ fn }) => fn.split('/')[1]!.startsWith(prefix));
      expect(found, prefix).toHaveLength(1);
      // Each carries at least Powertools or an AWS SDK client: an empty asset is a broken build.
      expect(found[0]!.kib, prefix).toBeGreaterThan(20);
    }
  });

  it(`keeps what a cold start of every function loads within ${FUNCTION_BUNDLE_BUDGET_KIB} KiB (it parses all of it)`, () => {
    const over = bundles
      .filter(({ kib }) => kib > FUNCTION_BUNDLE_BUDGET_KIB)
      .map(({ fn, kib }) => `${fn}: ${kib.toFixed(0)} KiB`);
    expect(over).toEqual([]);
  });

  // esm-bundling.ts: their ES-module facades would load Node's fetch implementation (undici) and
  // open the standard streams at every cold start.
  it('imports node:http and node:process in no app function as ES modules (getBuiltinModule)', () => {
    const aliased = new Set(Object.keys(BUILTIN_ALIASES));
    const app = bundles.filter(({ fn }) =>
      APP_FUNCTIONS.some((prefix) => fn.split('/')[1]!.startsWith(prefix)),
    );
    // Every app function imports other built-ins as ES modules: the read-back sees imports.
    for (const { fn, builtins } of app) expect(builtins, fn).toContain('node:crypto');
    const offending = app.flatMap(({ fn, builtins }) =>
      builtins.filter((name) => aliased.has(name)).map((name) => `${fn}: ${name}`),
    );
    expect(offending).toEqual([]);
  });
});
