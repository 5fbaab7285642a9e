/**
 * The Amplify Hosting rewrite that makes deep links (`/chat`, `/inference/xyz`) load the app:
 * every path that is not a file with a static-asset extension is served `/index.html` with 200.
 *
 * Amplify keeps rewrites in the app's settings (console: Hosting > Rewrites and redirects), not in
 * `amplify.yml` or `customHttp.yml`; docs/deploy.md gives the console rule and the
 * `aws amplify update-app --custom-rules` command that set it. Local mode's static server uses
 * `isAppRoute` so deep links behave the same there.
 */

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

/** The rule as Amplify's custom-rules API and console take it (`</regex/>` marks a regex source). */
export const SPA_REWRITE_RULE = {
  source: `</${pattern}/>`,
  target: '/index.html',
  status: '200',
} as const;

const appRoute = new RegExp(pattern);

/** Whether a request path gets `index.html` (a route of the app) rather than a file. */
export function isAppRoute(path: string): boolean {
  return appRoute.test(path);
}
