import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, inject, it } from 'vitest';

import { FUNCTION_BUNDLE_BUDGET_KIB } from '../bench/support/budgets.ts';
import { loadBackend } from './assembly.ts';

interface FunctionResource {
  Type: string;
  Metadata?: Record<string, string>;
}

/** A function of the synthesized backend and the KiB of its code asset (source maps excluded). */
interface FunctionBundle {
  /** `<stack>/<logical id>`. */
  readonly fn: string;
  readonly kib: number;
}

/** Every Lambda function of the sandbox backend with the size of the bundle it deploys. */
function functionBundles(): FunctionBundle[] {
  const dir = inject('synthDirs').sandbox;
  const bundles: FunctionBundle[] = [];
  for (const [stack, template] of Object.entries(loadBackend('sandbox').all)) {
    const resources = (template as { Resources?: Record<string, FunctionResource> }).Resources;
    for (const [id, resource] of Object.entries(resources ?? {})) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !asset) continue;
      const folder = path.join(dir, asset);
      const bytes = readdirSync(folder)
        .filter((file) => !file.endsWith('.map'))
        .reduce((total, file) => total + statSync(path.join(folder, file)).size, 0);
      bundles.push({ fn: `${stack}/${id}`, kib: bytes / 1024 });
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

  it(`keeps every bundle within ${FUNCTION_BUNDLE_BUDGET_KIB} KiB (a cold start parses all of it)`, () => {
    const over = bundles
      .filter(({ kib }) => kib > FUNCTION_BUNDLE_BUDGET_KIB)
      .map(({ fn, kib }) => `${fn}: ${kib.toFixed(0)} KiB`);
    expect(over).toEqual([]);
  });
});
