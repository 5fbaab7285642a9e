import { DEFAULTS } from './defaults.ts';
import {
  amplifyBranchOrigin,
  type DeploymentIdentity,
  hostedUiDomainPrefix,
  restApiName,
} from './deployment-names.ts';
import { overridesFrom, variableFor } from './overrides.ts';
import {
  type EnvironmentName,
  type EnvironmentSettings,
  environmentSettingsSchema,
  originSchema,
  type ParsedSettings,
} from './schema.ts';

export { SETTING_VARIABLES, type SettingVariableName } from './overrides.ts';
export type { EnvironmentName, EnvironmentSettings } from './schema.ts';

/** Which environment a synth is for: from Amplify's backend context, or `AWS_BRANCH`. */
export interface DeploymentTarget {
  environment: EnvironmentName;
  /** Git branch for a branch deploy; undefined for a sandbox. */
  branch?: string;
  /** Amplify app id for a branch deploy (the Amplify default domain needs it). */
  appId?: string;
  /** The sandbox's name (`amplify-backend-name`, by default the developer's user name). */
  sandboxName?: string;
  /** The sandbox's namespace (`amplify-backend-namespace`, the project's name). */
  sandboxNamespace?: string;
}

/** Which environment each long-lived Git branch deploys; other branches deploy as `dev`. */
const BRANCH_ENVIRONMENTS: Readonly<Record<string, EnvironmentName>> = {
  main: 'prod',
  staging: 'staging',
  dev: 'dev',
};

/** Reads the deployment target from the CDK context Amplify passes (`CDK_CONTEXT_JSON`). */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): DeploymentTarget {
  const context = parseContext(env['CDK_CONTEXT_JSON']);
  const type = context['amplify-backend-type'];
  const branch = type === 'branch' ? context['amplify-backend-name'] : env['AWS_BRANCH'];
  if (type === 'sandbox') {
    const name = context['amplify-backend-name'];
    const namespace = context['amplify-backend-namespace'];
    return {
      environment: 'sandbox',
      ...(name && { sandboxName: name }),
      ...(namespace && { sandboxNamespace: namespace }),
    };
  }
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

/**
 * Settings the environment requires that have no default, reported with every other problem
 * (also when other values are invalid), so one failed build names them all.
 */
function missingRequired(
  raw: Record<string, unknown>,
  environment: EnvironmentName,
  env: NodeJS.ProcessEnv,
): string[] {
  const problems: string[] = [];
  if (environment !== 'sandbox' && raw['entraMetadataUrl'] === undefined)
    problems.push(missingMetadataUrl(env));
  // Staging and prod name their hosted-UI prefix (it is in the Entra ID reply URL): a prefix
  // their company owns and that is free in the region; other environments derive one.
  if (raw['authDomainPrefix'] === undefined)
    problems.push(
      describeProblem(
        ['authDomainPrefix'],
        'required in staging and prod: a hosted-UI domain prefix of your own (unique per region across all AWS accounts)',
        env,
      ),
    );
  return problems;
}

/** Rules that depend on the environment or on more than one setting. */
function crossFieldProblems(settings: ParsedSettings, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
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
  const identity = deploymentIdentity(target);
  const raw = merge(
    {
      ...DEFAULTS[target.environment],
      ...derivedDefaults(target, identity),
      name: target.environment,
    },
    overridesFrom(env),
  );
  raw['deploymentName'] = restApiName(identity);
  // The branch's Amplify domain serves the app, so it is always an origin of a branch deploy.
  const branchOrigin = amplifyOrigin(target);
  if (
    branchOrigin.problem === undefined &&
    branchOrigin.origin &&
    Array.isArray(raw['allowedOrigins'])
  )
    raw['allowedOrigins'] = [...raw['allowedOrigins'], branchOrigin.origin];
  const parsed = environmentSettingsSchema.safeParse(raw);
  const problems = [
    ...(branchOrigin.problem ? [branchOrigin.problem] : []),
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => describeProblem(issue.path, issue.message, env))),
    ...missingRequired(raw, target.environment, env),
    ...(parsed.success ? crossFieldProblems(parsed.data, env) : []),
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
  return {
    ...settings,
    // Present: a missing prefix is one of the problems reported above.
    authDomainPrefix: settings.authDomainPrefix!,
    allowedOrigins: [...origins],
  };
}

/** What tells this deployment apart from every other: branch and app id, or the sandbox. */
function deploymentIdentity(target: DeploymentTarget): DeploymentIdentity {
  const parts = target.branch
    ? [target.branch, target.appId]
    : target.environment === 'sandbox' && target.sandboxName
      ? [target.sandboxNamespace ?? 'ml-gateway', target.sandboxName]
      : ['ml-gateway', target.environment];
  return { parts: parts.filter((part): part is string => Boolean(part)) };
}

/** Environments whose hosted-UI domain prefix must be chosen by the operator, never derived. */
const EXPLICIT_DOMAIN_PREFIX: readonly EnvironmentName[] = ['staging', 'prod'];

/**
 * Defaults that depend on the target. Hosted-UI domain prefixes are unique per region across
 * all AWS accounts, so each branch and sandbox gets its own; staging and prod get none (the
 * operator sets AUTH_DOMAIN_PREFIX, a prefix their company owns).
 */
function derivedDefaults(
  target: DeploymentTarget,
  identity: DeploymentIdentity,
): Record<string, unknown> {
  if (EXPLICIT_DOMAIN_PREFIX.includes(target.environment)) return {};
  return { authDomainPrefix: hostedUiDomainPrefix(identity) };
}

/**
 * The branch's default Amplify origin, or why it is not a valid origin (named as derived from
 * the branch, since no setting holds it).
 */
function amplifyOrigin(target: DeploymentTarget): { origin?: string; problem?: string } {
  if (!target.branch || !target.appId) return {};
  const origin = amplifyBranchOrigin(target.branch, target.appId);
  const checked = originSchema.safeParse(origin);
  return checked.success
    ? { origin }
    : {
        problem:
          `the Amplify origin ${origin} (derived from branch "${target.branch}" and app id ` +
          `"${target.appId}"): ${checked.error.issues.map((issue) => issue.message).join('; ')}`,
      };
}
