import { APP_LOCALES, SOURCE_LOCALE } from '../../../../amplify/contract/locales';
import {
  addressInLocale,
  LOCALE_STORAGE_KEY,
  localeRedirect,
  localeToShow,
  preferredLocale,
  savedLocale,
  saveLocale,
} from './locale-choice';
import { formatLocaleFor } from './locale-format';

const german = APP_LOCALES.find((locale) => locale.id === 'de')!;
const page = (pathname: string, search = '', hash = '') => ({ pathname, search, hash });

describe('the language a visitor gets', () => {
  afterEach(() => localStorage.clear());

  it('is the saved choice first, whatever the browser says', () => {
    expect(preferredLocale('en-US', ['de-DE', 'de'])).toBe(SOURCE_LOCALE);
    expect(preferredLocale('de', ['en-US'])).toBe(german);
  });

  it("else the first of the browser's languages a build speaks, by language", () => {
    expect(preferredLocale(null, ['de-AT', 'en-US'])).toBe(german);
    expect(preferredLocale(null, ['fr-FR', 'en-GB', 'de'])).toBe(SOURCE_LOCALE);
    expect(preferredLocale(null, ['fr-FR', 'de-CH'])).toBe(german);
  });

  it('else English, the source; an unknown saved value is ignored', () => {
    expect(preferredLocale(null, ['fr-FR', 'ja'])).toBe(SOURCE_LOCALE);
    expect(preferredLocale('xx', ['de'])).toBe(german);
  });

  it("lets the browser's languages decide only at the root: a /de/ address with no saved choice stays German", () => {
    expect(localeToShow(null, ['en-US'], german)).toBe(german);
    expect(localeToShow(null, ['de-DE'], SOURCE_LOCALE)).toBe(german);
    expect(localeToShow('en-US', ['de-DE'], german)).toBe(SOURCE_LOCALE);
  });

  it('is remembered in local storage (the locale id only)', () => {
    saveLocale(german);
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('de');
    expect(savedLocale()).toBe('de');
  });
});

describe('the same page in another language', () => {
  it('swaps the base path and keeps the route, query and fragment', () => {
    expect(addressInLocale(page('/chat/c-1', '?q=1', '#x'), SOURCE_LOCALE, german)).toBe(
      '/de/chat/c-1?q=1#x',
    );
    expect(addressInLocale(page('/de/keys'), german, SOURCE_LOCALE)).toBe('/keys');
    expect(addressInLocale(page('/'), SOURCE_LOCALE, german)).toBe('/de/');
    expect(addressInLocale(page('/de/'), german, SOURCE_LOCALE)).toBe('/');
  });

  it('redirects before the app starts only when the preference is another build', () => {
    expect(localeRedirect(page('/usage'), SOURCE_LOCALE, german)).toBe('/de/usage');
    expect(localeRedirect(page('/usage'), SOURCE_LOCALE, SOURCE_LOCALE)).toBeUndefined();
  });

  it('never moves a sign-in callback: the code is redeemed where the hosted UI returned', () => {
    expect(localeRedirect(page('/', '?code=abc&state=xyz'), SOURCE_LOCALE, german)).toBeUndefined();
    expect(
      localeRedirect(page('/', '?error=access_denied&state=xyz'), SOURCE_LOCALE, german),
    ).toBeUndefined();
  });
});

describe('the locale of dates and numbers', () => {
  it("is the browser's own variant of the build's language, else the build's locale", () => {
    expect(formatLocaleFor(SOURCE_LOCALE, ['en-GB', 'de'])).toBe('en-GB');
    expect(formatLocaleFor(SOURCE_LOCALE, ['de-DE'])).toBe('en-US');
    expect(formatLocaleFor(german, ['en-US', 'de-AT'])).toBe('de-AT');
    expect(formatLocaleFor(german, ['fr'])).toBe('de');
  });

  it('skips a tag Intl refuses (a POSIX locale reported as en-US@posix), which would throw', () => {
    expect(formatLocaleFor(SOURCE_LOCALE, ['en-US@posix', 'en-GB'])).toBe('en-GB');
    expect(formatLocaleFor(SOURCE_LOCALE, ['en-US@posix'])).toBe('en-US');
    expect(
      () => new Intl.NumberFormat(formatLocaleFor(SOURCE_LOCALE, ['en-US@posix'])),
    ).not.toThrow();
  });
});
