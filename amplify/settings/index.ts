import { DEFAULTS } from './defaults.ts';
import { overridesFrom, variableFor } from './overrides.ts';
import {
  environmentSettingsSchema,
  type EnvironmentName,
  type EnvironmentSettings,
} from './schema.ts';

export type { EnvironmentName, EnvironmentSettings } from './schema.ts';
export { SETTING_VARIABLES, type SettingVariableName } from './overrides.ts';

/** Which environment a synth is for: from Amplify's backend context, or `AWS_BRANCH`. */
export interface DeploymentTarget {
  environment: EnvironmentName;
  /** Git branch for a branch deploy; undefined for a sandbox. */
  branch?: string;
  /** Amplify app id for a branch deploy (the Amplify default domain needs it). */
  appId?: string;
  /** The sandbox's name (`amplify-backend-name`, by default the developer's user name). */
  sandboxName?: string;
}

/** Which environment each long-lived Git branch deploys; other branches deploy as `dev`. */
export const BRANCH_ENVIRONMENTS: Readonly<Record<string, EnvironmentName>> = {
  main: 'prod',
  staging: 'staging',
  dev: 'dev',
};

/** Reads the deployment target from the CDK context Amplify passes (`CDK_CONTEXT_JSON`). */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): DeploymentTarget {
  const context = parseContext(env['CDK_CONTEXT_JSON']);
  const type = context['amplify-backend-type'];
  const branch = type === 'branch' ? context['amplify-backend-name'] : env['AWS_BRANCH'];
  if (type === 'sandbox')
    return context['amplify-backend-name']
      ? { environment: 'sandbox', sandboxName: context['amplify-backend-name'] }
      : { environment: 'sandbox' };
  if (!branch) return { environment: 'sandbox' };
  // Any other branch (feature branches) deploys with the dev settings.
  return {
    environment: BRANCH_ENVIRONMENTS[branch] ?? 'dev',
    branch,
    appId: context['amplify-backend-namespace'] ?? env['AWS_APP_ID'],
  };
}

/** Thrown when a setting is missing or invalid; the message names the setting and environment. */
export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
}

function parseContext(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    return JSON.parse(json) as Record<string, string>;
  } catch {
    throw new InvalidSettingsError('CDK_CONTEXT_JSON is not valid JSON');
  }
}

/** Environments users reach over the internet: every origin must be https there. */
const HTTPS_ONLY: readonly EnvironmentName[] = ['staging', 'prod'];

/** Names the setting, and the environment variable that sets it, in an error line. */
function describeProblem(path: readonly PropertyKey[], message: string, env: NodeJS.ProcessEnv) {
  const variable = variableFor(path);
  const source = variable
    ? env[variable] === undefined
      ? ` (default; set ${variable} to override)`
      : ` (from ${variable}="${env[variable]}")`
    : '';
  return `${path.map(String).join('.')}${source}: ${message}`;
}

/** Deep merge where `undefined` in the override keeps the default. */
function merge(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return result;
}

const missingMetadataUrl = (env: NodeJS.ProcessEnv) =>
  describeProblem(
    ['entraMetadataUrl'],
    'required outside a sandbox (the Entra SAML metadata URL)',
    env,
  );

/** Rules that depend on the environment or on more than one setting. */
function crossFieldProblems(settings: EnvironmentSettings, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (settings.name !== 'sandbox' && !settings.entraMetadataUrl)
    problems.push(missingMetadataUrl(env));
  if (settings.api.endpointType === 'PRIVATE' && settings.api.vpcEndpointIds.length === 0)
    problems.push(
      describeProblem(
        ['api', 'vpcEndpointIds'],
        'a PRIVATE API needs at least one VPC endpoint id',
        env,
      ),
    );
  if (HTTPS_ONLY.includes(settings.name))
    settings.allowedOrigins.forEach((value, index) => {
      if (!value.startsWith('https://'))
        problems.push(
          describeProblem(
            ['allowedOrigins', index],
            `${value} must use https in ${settings.name}`,
            env,
          ),
        );
    });
  return problems;
}

/** The validated settings of the target environment; throws InvalidSettingsError otherwise. */
export function loadSettings(
  env: NodeJS.ProcessEnv = process.env,
  target = resolveTarget(env),
): EnvironmentSettings {
  const raw = merge(
    { ...DEFAULTS[target.environment], ...derivedDefaults(target), name: target.environment },
    overridesFrom(env),
  );
  // The branch's Amplify domain serves the app, so it is always an origin of a branch deploy.
  if (target.branch && target.appId && Array.isArray(raw['allowedOrigins']))
    raw['allowedOrigins'] = [
      ...raw['allowedOrigins'],
      amplifyBranchOrigin(target.branch, target.appId),
    ];
  const parsed = environmentSettingsSchema.safeParse(raw);
  const problems = parsed.success
    ? crossFieldProblems(parsed.data, env)
    : [
        ...parsed.error.issues.map((issue) => describeProblem(issue.path, issue.message, env)),
        // Report a missing metadata URL with the other problems, not only once they are fixed.
        ...(raw['entraMetadataUrl'] === undefined && target.environment !== 'sandbox'
          ? [missingMetadataUrl(env)]
          : []),
      ];
  if (problems.length > 0 || !parsed.success) {
    throw new InvalidSettingsError(
      `Invalid settings for environment "${target.environment}"` +
        `${target.branch ? ` (branch ${target.branch})` : ''}:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const settings = parsed.data;
  // Custom domains serve the app too (CORS, callback and logout URLs).
  const origins = new Set(settings.allowedOrigins);
  for (const domain of settings.customDomains) origins.add(`https://${domain}`);
  return { ...settings, allowedOrigins: [...origins] };
}

/**
 * Defaults that depend on the target. Hosted-UI domain prefixes are unique per region across
 * all AWS accounts, so each developer's sandbox gets its own.
 */
function derivedDefaults(target: DeploymentTarget): Record<string, unknown> {
  if (target.environment !== 'sandbox' || !target.sandboxName) return {};
  const name = target.sandboxName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name ? { authDomainPrefix: `ml-gateway-sb-${name}`.slice(0, 63).replace(/-+$/, '') } : {};
}

/** The default Amplify Hosting origin of a branch (`/` and other symbols become `-`). */
function amplifyBranchOrigin(branch: string, appId: string): string {
  return `https://${branch.replace(/[^a-zA-Z0-9-]/g, '-')}.${appId}.amplifyapp.com`;
}
