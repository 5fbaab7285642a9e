/**
 * The app's languages (issue 15), as angular.json's `i18n` builds them: the source locale at the
 * site root and each translation under its own path. Shared by the app (language switch,
 * redirect to the user's choice), the hosting rewrites and local mode's static server.
 */
export interface AppLocale {
  /** The locale id Angular builds and formats with (BCP 47). */
  readonly id: string;
  /** The folder of the build and the first path segment of its URLs; '' for the site root. */
  readonly subPath: string;
  /** The language's own name, as the switch offers it. */
  readonly label: string;
}

/** The locale the templates are written in; its build is served at the site root. */
export const SOURCE_LOCALE: AppLocale = { id: 'en-US', subPath: '', label: 'English' };

/** Every locale built, the source first. */
export const APP_LOCALES: readonly AppLocale[] = [
  SOURCE_LOCALE,
  { id: 'de', subPath: 'de', label: 'Deutsch' },
];

/** The path the locale's build is served under: `/` or `/de/`. */
export const localeBasePath = (locale: AppLocale): string =>
  locale.subPath === '' ? '/' : `/${locale.subPath}/`;
