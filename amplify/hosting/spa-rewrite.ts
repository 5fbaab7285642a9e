/**
 * The Amplify Hosting rewrites that make deep links (`/chat`, `/inference/xyz`) load the app:
 * every path that is not a file with a static-asset extension is served the `index.html` of
 * its language's build with 200: `/de/chat` gets `/de/index.html`, `/chat` gets `/index.html`
 * (amplify/contract/locales.ts: the source locale at the root, each translation in its folder).
 *
 * Amplify keeps rewrites in the app's settings (console: Hosting > Rewrites and redirects), not in
 * `amplify.yml` or `customHttp.yml`; docs/deploy.md gives the console rule and the
 * `aws amplify update-app --custom-rules` command that set it. Local mode's static server uses
 * `isAppRoute` so deep links behave the same there.
 */

import { APP_LOCALES } from '../contract/locales.ts';

/** File extensions served as files; any other path gets the app. `json` keeps amplify_outputs.json. */
const STATIC_EXTENSIONS = [
  'css',
  'gif',
  'ico',
  'jpg',
  'jpeg',
  'js',
  'json',
  'map',
  'png',
  'svg',
  'txt',
  'webmanifest',
  'webp',
  'woff',
  'woff2',
  'ttf',
] as const;

const pattern = `^[^.]+$|\\.(?!(${STATIC_EXTENSIONS.join('|')})$)([^.]+$)`;

/** An Amplify custom rule (`</regex/>` marks a regex source). */
export interface RewriteRule {
  readonly source: string;
  readonly target: string;
  readonly status: '200';
}

/** The source locale's rule: any app route gets the root `index.html`. */
export const SPA_REWRITE_RULE: RewriteRule = {
  source: `</${pattern}/>`,
  target: '/index.html',
  status: '200',
};

/** `/de` and `/de/<route>`, but not `/de/<file>.<static extension>`. */
const localePattern = (subPath: string) =>
  `^\\/${subPath}(\\/[^.]*)?$|^\\/${subPath}\\/.*\\.(?!(${STATIC_EXTENSIONS.join('|')})$)([^.]+$)`;

/**
 * Every rule, in the order Amplify must be given them: each translation's routes first, then
 * the source locale's catch-all.
 */
// Amplify applies redirects from the top of the list down ("Understanding the order of
// redirects", docs.aws.amazon.com/amplify/latest/userguide/redirects.html).
export const SPA_REWRITE_RULES: readonly RewriteRule[] = [
  ...APP_LOCALES.filter((locale) => locale.subPath !== '').map((locale): RewriteRule => ({
    source: `</${localePattern(locale.subPath)}/>`,
    target: `/${locale.subPath}/index.html`,
    status: '200',
  })),
  SPA_REWRITE_RULE,
];

/** Whether a request path gets an `index.html` (a route of the app) rather than a file. */
export function isAppRoute(path: string): boolean {
  return appIndexFor(path) !== undefined;
}

/**
 * The `index.html` (relative to the build's root) a request path gets, as the rules above
 * decide; undefined for a file, which is served as it is.
 */
export function appIndexFor(path: string): string | undefined {
  const rule = SPA_REWRITE_RULES.find((candidate) =>
    new RegExp(candidate.source.slice(2, -2)).test(path),
  );
  return rule?.target.slice(1);
}
