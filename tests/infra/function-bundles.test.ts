import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { FUNCTION_BUNDLE_BUDGET_KIB } from '../bench/support/budgets.ts';
import { loadBackend } from './assembly.ts';

interface FunctionResource {
  Type: string;
  Metadata?: Record<string, string>;
}

/** Every Lambda function of the synthesized backend with the KiB of its code asset (no maps). */
function functionBundles(): { fn: string; kib: number }[] {
  const dir = inject('synthDirs').sandbox;
  const bundles: { fn: string; kib: number }[] = [];
  for (const [stack, template] of Object.entries(loadBackend('sandbox').all)) {
    const resources = (template as { Resources?: Record<string, FunctionResource> }).Resources;
    for (const [id, resource] of Object.entries(resources ?? {})) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !asset) continue;
      const folder = path.join(dir, asset);
      const bytes = readdirSync(folder)
        .filter((file) => !file.endsWith('.map'))
        .reduce((total, file) => total + statSync(path.join(folder, file)).size, 0);
      bundles.push({ fn: `${stack}/${id}`, kib: Math.round(bytes / 1024) });
    }
  }
  return bundles;
}

describe('function bundles (as Amplify builds them: esbuild, ESM, minified, AWS SDK inside)', () => {
  it('finds the functions the API and auth run', () => {
    expect(functionBundles().length).toBeGreaterThanOrEqual(5);
  });

  it(`keeps every bundle within ${FUNCTION_BUNDLE_BUDGET_KIB} KiB (cold starts parse all of it)`, () => {
    const over = functionBundles().filter(({ kib }) => kib > FUNCTION_BUNDLE_BUDGET_KIB);
    expect(over).toEqual([]);
  });
});
