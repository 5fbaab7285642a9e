/**
 * Narrows the app's `connect-src` to the exact hosts of the environment a build is for.
 *
 * `customHttp.yml` is one file for every branch of the Amplify app, so its CSP can only allow
 * host patterns of the app's region (any API Gateway API, any Cognito domain there). After the
 * backend phase has written the branch's `amplify_outputs.json`, the frontend phase runs
 *
 *   node scripts/hosting/environment-csp.ts [amplify_outputs.json] [dist/.../index.html]
 *
 * which adds a `<meta http-equiv="Content-Security-Policy">` naming only this branch's API and
 * Cognito hosts. A browser enforces every policy it receives, so a request must pass both: the
 * header (patterns, `frame-ancestors` and the rest) and the meta tag (exact hosts).
 */
import { readFileSync, writeFileSync } from 'node:fs';

import { z } from 'zod';

import { HOSTING_REGION } from './custom-http.ts';

/** Thrown when the outputs or the page do not allow a correct environment policy. */
export class EnvironmentCspError extends Error {
  override readonly name = 'EnvironmentCspError';
}

const outputsSchema = z.object({
  auth: z.object({
    aws_region: z.string(),
    identity_pool_id: z.string().optional(),
    oauth: z.object({ domain: z.string() }),
  }),
  custom: z.object({ mlGateway: z.object({ apiUrl: z.url({ protocol: /^https$/ }) }) }),
});

/**
 * The exact `connect-src` sources of one deployed environment: its REST API, the Cognito user
 * pool API, the identity pool API (when the outputs have one) and its hosted-UI domain.
 */
export function environmentConnectSources(
  outputs: unknown,
  hostingRegion: string = HOSTING_REGION,
): string[] {
  const parsed = outputsSchema.safeParse(outputs);
  if (!parsed.success)
    throw new EnvironmentCspError(
      `amplify_outputs.json lacks what the CSP needs: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')} (${issue.message})`)
        .join('; ')}`,
    );
  const { auth, custom } = parsed.data;
  const region = auth.aws_region;
  if (region !== hostingRegion)
    throw new EnvironmentCspError(
      `amplify_outputs.json is for region ${region}, but customHttp.yml allows ${hostingRegion}: ` +
        'set HOSTING_REGION in scripts/hosting/custom-http.ts and regenerate customHttp.yml',
    );
  const api = new URL(custom.mlGateway.apiUrl);
  const apiHost = new RegExp(`^[a-z0-9]+\\.execute-api\\.${region}\\.amazonaws\\.com$`);
  if (!apiHost.test(api.hostname))
    throw new EnvironmentCspError(
      `custom.mlGateway.apiUrl ${api.origin} is not an API Gateway host in ${region}; ` +
        'the hosted CSP would block it',
    );
  const authHost = new RegExp(`^[a-z0-9-]+\\.auth\\.${region}\\.amazoncognito\\.com$`);
  if (!authHost.test(auth.oauth.domain))
    throw new EnvironmentCspError(
      `auth.oauth.domain ${auth.oauth.domain} is not a Cognito hosted-UI domain in ${region}`,
    );
  return [
    api.origin,
    `https://cognito-idp.${region}.amazonaws.com`,
    ...(auth.identity_pool_id ? [`https://cognito-identity.${region}.amazonaws.com`] : []),
    `https://${auth.oauth.domain}`,
  ];
}

const CSP_META = /<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>/i;

/**
 * `html` with a CSP meta tag allowing connections only to `'self'` and `sources`, at the top of
 * `<head>` (before any script can run). Replaces an earlier one, so a rerun is safe.
 */
export function withConnectSrcMeta(html: string, sources: readonly string[]): string {
  const policy = ["connect-src 'self'", ...sources].join(' ');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  if (CSP_META.test(html)) return html.replace(CSP_META, tag);
  // Right after the charset declaration, which must stay first; otherwise first in <head>.
  const anchor = /<meta\s+charset=[^>]*>/i.exec(html) ?? /<head(\s[^>]*)?>/i.exec(html);
  if (!anchor) throw new EnvironmentCspError('the page has no <head> to put the CSP meta tag in');
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}${tag}${html.slice(at)}`;
}

if (import.meta.main) {
  const [outputsFile = 'amplify_outputs.json', pageFile = 'dist/ml-gateway/browser/index.html'] =
    process.argv.slice(2);
  try {
    const sources = environmentConnectSources(JSON.parse(readFileSync(outputsFile, 'utf8')));
    writeFileSync(pageFile, withConnectSrcMeta(readFileSync(pageFile, 'utf8'), sources));
    console.log(`${pageFile}: connect-src 'self' ${sources.join(' ')}`);
  } catch (error) {
    console.error(`environment-csp: ${(error as Error).message}`);
    process.exit(1);
  }
}
