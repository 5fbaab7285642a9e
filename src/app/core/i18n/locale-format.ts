import { type AppLocale } from '../../../../amplify/contract/locales';
import { runningLocale } from './locale-choice';

/** The primary language subtag: `en` of `en-GB`. */
const language = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * The locale dates and numbers are written in: the browser's own when it is a variant of the
 * build's language (`en-GB` in the English build: 24-hour clock, day before month), else the
 * build's (`de`). The words and the numbers in a sentence are then always one language.
 */
export function formatLocaleFor(running: AppLocale, languages: readonly string[]): string {
  return (
    languages.find((tag) => language(tag) === language(running.id) && isValidTag(tag)) ?? running.id
  );
}

/** Whether Intl accepts the tag: a browser may report one it does not (`en-US@posix`). */
function isValidTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** The user's formatting locale, read once: Intl formatters are made at module load. */
export const USER_FORMAT_LOCALE = formatLocaleFor(
  runningLocale(),
  globalThis.navigator?.languages ?? [],
);
