/**
 * The production bundle every visitor downloads carries no catalog: the models a caller may
 * use come from `GET /ml/models`, filtered per caller, so the bundle must not name the others
 * (a finance-only endpoint, the async job's endpoint, the claim rules that guard them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { CATALOG, type CatalogEntry } from '../../amplify/catalog.ts';
import { ensureAppBuild } from '../../local/app/build.ts';
import { LOCAL_CATALOG } from '../../local/models/local-catalog.ts';
import { REPO_ROOT } from '../../local/stack.ts';

/** The production build can take minutes on a busy machine. */
const BUILD_TIMEOUT_MS = 600_000;

let bundle: string;

beforeAll(async () => {
  const dist = await ensureAppBuild(REPO_ROOT, 'auto');
  bundle = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(js|html|json)$/.test(file))
    .map((file) => readFileSync(path.join(dist, file), 'utf8'))
    .join('\n');
}, BUILD_TIMEOUT_MS);

/** Names of an entry that only the API may reveal, and only to callers it allows. */
function privateNames(entry: CatalogEntry): string[] {
  const upstream =
    entry.provider === 'bedrock'
      ? [entry.modelId]
      : [entry.endpointName, ...(entry.asyncIo ? [entry.asyncIo.bucket] : [])];
  return [entry.id, entry.label, ...upstream];
}

describe('the production app bundle', () => {
  it('was built and holds the app', () => {
    expect(bundle).toContain('/ml/models');
  });

  it.each([...CATALOG, ...LOCAL_CATALOG].map((entry) => [entry.id, entry] as const))(
    'does not name catalog entry %s, its upstream model or endpoint',
    (_id, entry) => {
      for (const name of privateNames(entry)) expect(bundle).not.toContain(name);
    },
  );

  it('does not carry the claim rules', () => {
    const values = [...CATALOG, ...LOCAL_CATALOG].flatMap((entry) =>
      Object.values(entry.claims ?? {}).flat(),
    );
    expect(values.length).toBeGreaterThan(0);
    // As string literals: the words themselves may appear in ordinary text.
    for (const value of new Set(values))
      for (const literal of [`"${value}"`, `'${value}'`, `\`${value}\``])
        expect(bundle).not.toContain(literal);
  });
});
