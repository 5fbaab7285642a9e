import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { APP_LOCALES, SOURCE_LOCALE } from '../../amplify/contract/locales.ts';
import {
  checkTranslations,
  compareTranslations,
  isComplete,
  placeholdersOf,
  readArbMessages,
  translationFiles,
} from './translations.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** `ng extract-i18n` compiles the app; a busy machine needs minutes. */
const EXTRACT_TIMEOUT_MS = 300_000;

const messages = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('a translation compared with the marked messages', () => {
  const source = messages({
    'keys.heading': 'API keys',
    'keys.revokeLabel': 'Revoke {$INTERPOLATION}',
    plural: '{VAR_PLURAL, plural, =1 {once} other {{INTERPOLATION} times}}',
  });

  it('is complete when it has every id with the same placeholders', () => {
    const german = messages({
      'keys.heading': 'API-Schlüssel',
      'keys.revokeLabel': '{$INTERPOLATION} widerrufen',
      plural: '{VAR_PLURAL, plural, =1 {Einmal} other {{INTERPOLATION}-mal}}',
    });
    expect(isComplete(compareTranslations(source, german))).toBe(true);
  });

  it('fails when a marked message is missing from the translation', () => {
    const problems = compareTranslations(
      source,
      messages({
        'keys.revokeLabel': '{$INTERPOLATION} widerrufen',
        plural: source.get('plural')!,
      }),
    );
    expect(problems.missing).toEqual(['keys.heading']);
    expect(isComplete(problems)).toBe(false);
  });

  it('fails when a translation drops or renames a placeholder', () => {
    const problems = compareTranslations(
      source,
      messages({
        'keys.heading': 'API-Schlüssel',
        'keys.revokeLabel': 'Widerrufen',
        plural: '{VAR_PLURAL, plural, =1 {Einmal} other {mehrmals}}',
      }),
    );
    expect(problems.placeholders.map((problem) => problem.id)).toEqual([
      'keys.revokeLabel',
      'plural',
    ]);
  });

  it('fails on a translation the app no longer marks', () => {
    const german = messages({ ...Object.fromEntries(source), 'old.id': 'Alt' });
    expect(compareTranslations(source, german).stale).toEqual(['old.id']);
  });

  it('reads placeholders of every kind', () => {
    expect(placeholdersOf('{$START_TAG_STRONG}x{$CLOSE_TAG_STRONG} {$INTERPOLATION_1}')).toEqual([
      '$CLOSE_TAG_STRONG',
      '$INTERPOLATION_1',
      '$START_TAG_STRONG',
    ]);
  });
});

describe("the app's translations", () => {
  it('angular.json builds the locales the app offers (amplify/contract/locales.ts)', () => {
    const workspace = JSON.parse(readFileSync(path.join(ROOT, 'angular.json'), 'utf8'));
    const i18n = workspace.projects['ml-gateway'].i18n;
    expect(i18n.sourceLocale).toEqual({ code: SOURCE_LOCALE.id, subPath: SOURCE_LOCALE.subPath });
    const translated = APP_LOCALES.filter((locale) => locale !== SOURCE_LOCALE);
    expect(Object.keys(i18n.locales)).toEqual(translated.map((locale) => locale.id));
    for (const locale of translated) expect(i18n.locales[locale.id].subPath).toBe(locale.subPath);
    for (const { file } of translationFiles(ROOT))
      expect(readArbMessages(readFileSync(path.join(ROOT, file), 'utf8')).size).toBeGreaterThan(0);
  });

  it(
    'translate every message the app marks, with its placeholders (ng extract-i18n)',
    () => {
      const results = checkTranslations(ROOT);
      expect([...results.keys()]).toEqual(['de']);
      for (const [locale, problems] of results)
        expect({ locale, ...problems }).toEqual({
          locale,
          missing: [],
          stale: [],
          placeholders: [],
        });
    },
    EXTRACT_TIMEOUT_MS,
  );
});
