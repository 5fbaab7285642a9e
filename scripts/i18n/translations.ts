/**
 * Checks each translation file against the messages the app marks for translation (issue 15):
 * Angular's own `ng extract-i18n` lists them (ARB, the target in angular.json), and every
 * locale of angular.json's `i18n.locales` must translate every message, with the same
 * placeholders, and nothing the app no longer has.
 *
 *   node scripts/i18n/translations.ts     # exits 1 naming each problem
 *
 * The production build fails on a missing translation too (`i18nMissingTranslation: error`);
 * this names all of them at once, and the placeholders and stale entries the build accepts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What is wrong with one translation file. */
export interface TranslationProblems {
  /** Ids the app marks that the file lacks. */
  readonly missing: readonly string[];
  /** Ids the file has that the app no longer marks. */
  readonly stale: readonly string[];
  /** Ids whose translation has other placeholders than the source. */
  readonly placeholders: readonly { id: string; expected: string[]; actual: string[] }[];
}

/** The messages of an ARB file: id → text (`@@locale` and the `@id` metadata left out). */
export function readArbMessages(text: string): Map<string, string> {
  const entries = Object.entries(JSON.parse(text) as Record<string, unknown>);
  return new Map(
    entries.filter(
      (entry): entry is [string, string] =>
        !entry[0].startsWith('@') && typeof entry[1] === 'string',
    ),
  );
}

/**
 * The placeholders of a message, sorted: `{$INTERPOLATION}`, `{$START_TAG_STRONG}`, `{$ICU}`,
 * and inside an ICU expression its variable (`{VAR_PLURAL, …`) and `{INTERPOLATION}`.
 */
export function placeholdersOf(message: string): string[] {
  const named = [...message.matchAll(/\{\$([A-Za-z0-9_]+)\}/g)].map((match) => `$${match[1]}`);
  const icu = [...message.matchAll(/\{(VAR_[A-Z_]+|INTERPOLATION(?:_\d+)?)[,}]/g)].map(
    (match) => match[1]!,
  );
  return [...named, ...icu].sort();
}

/** Compares a translation with the source messages. */
export function compareTranslations(
  source: ReadonlyMap<string, string>,
  translation: ReadonlyMap<string, string>,
): TranslationProblems {
  const placeholders = [...source]
    .filter(([id]) => translation.has(id))
    .map(([id, text]) => ({
      id,
      expected: placeholdersOf(text),
      actual: placeholdersOf(translation.get(id)!),
    }))
    .filter(({ expected, actual }) => expected.join() !== actual.join());
  return {
    missing: [...source.keys()].filter((id) => !translation.has(id)),
    stale: [...translation.keys()].filter((id) => !source.has(id)),
    placeholders,
  };
}

/** Whether a comparison found nothing wrong. */
export const isComplete = (problems: TranslationProblems): boolean =>
  problems.missing.length + problems.stale.length + problems.placeholders.length === 0;

/** Each translated locale of angular.json with its file (repository-relative). */
export function translationFiles(root: string): { locale: string; file: string }[] {
  const workspace = JSON.parse(readFileSync(path.join(root, 'angular.json'), 'utf8')) as {
    projects: Record<string, { i18n?: { locales?: Record<string, { translation: string }> } }>;
  };
  return Object.values(workspace.projects).flatMap((project) =>
    Object.entries(project.i18n?.locales ?? {}).map(([locale, { translation }]) => ({
      locale,
      file: translation,
    })),
  );
}

/** Runs `ng extract-i18n` (Angular's extraction, as `npm run i18n:extract`) into a scratch folder. */
export function extractMessages(root: string): Map<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'ml-gateway-i18n-'));
  try {
    const ng = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
    const run = spawnSync(
      process.execPath,
      [ng, 'extract-i18n', '--output-path', out, '--out-file', 'messages.arb', '--progress=false'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } },
    );
    if (run.status !== 0) throw new Error(`ng extract-i18n failed:\n${run.stdout}${run.stderr}`);
    return readArbMessages(readFileSync(path.join(out, 'messages.arb'), 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Every translation's problems, by locale. */
export function checkTranslations(root: string): Map<string, TranslationProblems> {
  const source = extractMessages(root);
  return new Map(
    translationFiles(root).map(({ locale, file }) => [
      locale,
      compareTranslations(source, readArbMessages(readFileSync(path.join(root, file), 'utf8'))),
    ]),
  );
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '../..');
  let failed = false;
  for (const [locale, problems] of checkTranslations(root)) {
    if (isComplete(problems)) {
      console.log(`${locale}: every message translated`);
      continue;
    }
    failed = true;
    for (const id of problems.missing) console.error(`${locale}: missing ${id}`);
    for (const id of problems.stale) console.error(`${locale}: stale ${id} (no longer in the app)`);
    for (const { id, expected, actual } of problems.placeholders)
      console.error(
        `${locale}: ${id} has placeholders ${actual.join(' ')}, expected ${expected.join(' ')}`,
      );
  }
  process.exit(failed ? 1 : 0);
}
