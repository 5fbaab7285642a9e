/**
 * `npm run smoke`: after a deploy, calls every route of the API once and prints a table.
 *
 *   npm run smoke -- --api https://<id>.execute-api.<region>.amazonaws.com/v1/ --token <jwt> --origin https://main.<appId>.amplifyapp.com
 *   npm run smoke -- --api http://127.0.0.1:3100/v1/ --user mluser --origin http://127.0.0.1:4200   # local mode
 *
 * Exits 0 when every check passed (a route outside the user's groups must answer 403), 1 when
 * any failed, 2 on a usage error or when no token can be had.
 */
import { parseArgs } from 'node:util';

import { runSmoke } from './smoke/smoke-checks.ts';
import { SMOKE_OPTIONS } from './smoke/smoke-options.ts';
import { formatSmokeTable } from './smoke/smoke-table.ts';
import { smokeToken, SmokeTokenError, tokenGroups } from './smoke/smoke-token.ts';

const USAGE =
  'Usage: npm run smoke -- --api <stage URL> (--token <access token> | --user <local user>) [--origin <app origin>]\n' +
  '  --token may also come from SMOKE_TOKEN; --user signs a seeded user in to running local mode.';

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { api?: string; token?: string; user?: string; origin?: string };
try {
  ({ values } = parseArgs({
    options: SMOKE_OPTIONS,
    strict: true,
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (!values.api) usage('Missing --api.');
let apiUrl: string;
try {
  const parsed = new URL(values.api);
  // The stage URL is a folder: relative route paths must stay under the stage.
  apiUrl = parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
} catch {
  usage(`--api ${values.api} is not a URL.`);
}

let token: string;
try {
  token = await smokeToken({ token: values.token, user: values.user });
} catch (error) {
  if (!(error instanceof SmokeTokenError)) throw error;
  usage(error.message);
}
const groups = tokenGroups(token);
console.log(
  `Smoke test of ${apiUrl} as ${values.user ?? 'the token holder'} (groups: ${groups.join(', ') || 'none'})` +
    (values.origin ? `, origin ${values.origin}` : ', no --origin: CORS not checked') +
    '\n',
);
const results = await runSmoke({ apiUrl, token, groups, origin: values.origin });
console.log(formatSmokeTable(results));
process.exit(results.some((result) => result.outcome === 'fail') ? 1 : 0);
