import {
  APP_LOCALES,
  type AppLocale,
  localeBasePath,
  SOURCE_LOCALE,
} from '../../../../amplify/contract/locales';

/** Where the user's language choice is kept between visits (only the locale id). */
export const LOCALE_STORAGE_KEY = 'ml-gateway.locale';

/** The locale this build was made for (`$localize.locale`, set by the Angular build). */
export function runningLocale(): AppLocale {
  const built = typeof $localize === 'undefined' ? undefined : $localize.locale;
  return localeById(built) ?? SOURCE_LOCALE;
}

function localeById(id: string | undefined | null): AppLocale | undefined {
  return APP_LOCALES.find((locale) => locale.id === id);
}

/** The primary language subtag: `de` of `de-AT`, `en` of `en-US`. */
const language = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * The locale to show: the saved choice when there is one, else the first of the browser's
 * languages that a build speaks (exactly, else by language: `de-AT` gets `de`, `en-GB` gets
 * `en-US`), else the source locale.
 */
export function preferredLocale(saved: string | null, languages: readonly string[]): AppLocale {
  const chosen = localeById(saved);
  if (chosen) return chosen;
  for (const tag of languages) {
    const exact = APP_LOCALES.find((locale) => locale.id.toLowerCase() === tag.toLowerCase());
    const sameLanguage = APP_LOCALES.find((locale) => language(locale.id) === language(tag));
    if (exact ?? sameLanguage) return (exact ?? sameLanguage)!;
  }
  return SOURCE_LOCALE;
}

/**
 * The locale a page in the `running` build should show: the saved choice when there is one;
 * else, at the root (the source build, where everyone lands first) the browser's languages
 * decide; a translation's own address (a shared `/de/…` link) is a choice in itself and stays.
 */
export function localeToShow(
  saved: string | null,
  languages: readonly string[],
  running: AppLocale,
): AppLocale {
  if (saved === null && running.id !== SOURCE_LOCALE.id) return running;
  return preferredLocale(saved, languages);
}

/** The saved choice, or null (nothing saved, or storage unavailable). */
export function savedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Keeps the choice for the next visit; private modes may refuse, then it lasts for this page. */
export function saveLocale(locale: AppLocale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale.id);
  } catch {
    // Storage refused: the link still opens the chosen language.
  }
}

/** The parts of a location a locale switch keeps. */
export interface PageAddress {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/**
 * The same page in another locale's build: `/de/chat?x` ⇄ `/chat?x`. `from` is the build the
 * address belongs to (its base path is taken off first).
 */
export function addressInLocale(address: PageAddress, from: AppLocale, to: AppLocale): string {
  const base = localeBasePath(from);
  const route = address.pathname.startsWith(base)
    ? address.pathname.slice(base.length)
    : address.pathname.replace(/^\//, '');
  return `${localeBasePath(to)}${route}${address.search}${address.hash}`;
}

/**
 * Where to send a visitor whose preferred locale is not this build's, before the app starts;
 * undefined to stay. A sign-in callback (`?code&state`) always completes here first: the hosted
 * UI returns to the address Cognito knows, and the startup moves on afterwards.
 */
export function localeRedirect(
  address: PageAddress,
  running: AppLocale,
  preferred: AppLocale,
): string | undefined {
  if (preferred.id === running.id) return undefined;
  const params = new URLSearchParams(address.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) return undefined;
  return addressInLocale(address, running, preferred);
}
