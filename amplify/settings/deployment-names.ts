import { createHash } from 'node:crypto';

/**
 * Names that must differ between deployments (two branches of one app, two developers'
 * sandboxes), derived from what identifies the deployment: the Git branch and Amplify app id,
 * or the sandbox's namespace and name.
 */

/**
 * Cognito CreateUserPoolDomain `Domain` for a prefix domain: 1–63 characters, lowercase letters,
 * digits and hyphens, no hyphen first or last (the pattern of botocore's cognito-idp
 * service-2.json; docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html).
 */
export const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN_PREFIX_MAX_LENGTH = 63;

/**
 * Words Cognito refuses anywhere in a prefix ("InvalidParameterException: Domain cannot contain
 * reserved word: aws"; aws-amplify/amplify-cli#3854 for `cognito`, amazon-connect's
 * voicemail-for-amazon-connect#3 for `amazon`). The API model's pattern does not say so.
 */
export const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'] as const;

/** Hex digits of the SHA-256 of the exact input that keep a shortened or lossy name unique. */
const HASH_LENGTH = 8;

/** Longest REST API name part this module derives (the whole name stays readable in consoles). */
const API_NAME_LABEL_MAX_LENGTH = 100;

/** What identifies one deployment; `parts` never contains an empty string. */
export interface DeploymentIdentity {
  /** e.g. `['feature/ABC-1', 'd1a2b3c4']` (branch, app id) or `['mlgateway', 'alice']` (sandbox). */
  readonly parts: readonly string[];
}

const RESERVED_WORD = new RegExp(RESERVED_DOMAIN_WORDS.join('|'), 'g');

/** Lowercase letters, digits and single hyphens between them. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The text without Cognito's reserved words, repeated because a removal can form a new one. */
function withoutReservedWords(text: string): string {
  let current = text;
  for (let previous = ''; previous !== current;) {
    previous = current;
    current = slug(current.replace(RESERVED_WORD, '-'));
  }
  return current;
}

/**
 * A readable label for `parts` of at most `maxLength` characters, unique per input: when the
 * readable form had to change the input (case, symbols, reserved words) or shorten it, a hash of
 * the exact parts is appended, so `feature/a` and `feature-a`, or two long branches sharing their
 * first 50 characters, never get the same label.
 */
function uniqueLabel(
  parts: readonly string[],
  maxLength: number,
  clean: (readable: string) => string = (readable) => readable,
): string {
  const exact = parts.join('-');
  const readable = clean(parts.map(slug).filter(Boolean).join('-'));
  if (readable === exact && readable.length <= maxLength) return readable;
  const hash = createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const head = readable.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  return head ? `${head}-${hash}` : hash;
}

/**
 * The Cognito hosted-UI domain prefix of a deployment. Prefixes are unique per region across all
 * AWS accounts, so every branch and sandbox gets its own; the result always matches
 * {@link DOMAIN_PREFIX_PATTERN} and contains no reserved word.
 */
export function hostedUiDomainPrefix(identity: DeploymentIdentity): string {
  return uniqueLabel(identity.parts, DOMAIN_PREFIX_MAX_LENGTH, withoutReservedWords);
}

/** Why a prefix Cognito would refuse is wrong, or undefined when Cognito accepts it. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (!DOMAIN_PREFIX_PATTERN.test(prefix))
    return 'must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen';
  const reserved = RESERVED_DOMAIN_WORDS.find((word) => prefix.includes(word));
  return reserved ? `must not contain "${reserved}" (a word Cognito reserves)` : undefined;
}

/**
 * The REST API's name. API Gateway keys its metrics by `ApiName` and `Stage`, so a name shared
 * by two deployments would mix their traffic in one set of alarms.
 */
export function restApiName(identity: DeploymentIdentity): string {
  return `ml-gateway-${uniqueLabel(identity.parts, API_NAME_LABEL_MAX_LENGTH)}`;
}

/**
 * The default Amplify Hosting origin of a branch, `https://<branch>.<appId>.amplifyapp.com`.
 * Amplify lowercases the branch and turns every character other than a letter, digit or hyphen
 * into `-` (`feature/my_CoolBranch` is served at `feature-my-coolbranch.<appId>.amplifyapp.com`,
 * aws-amplify/amplify-hosting#1270; `release-6.2` at `release-6-2`, #602). It does not shorten
 * long names (#208): the branch's display name, "used as the default domain prefix" (Amplify API
 * reference, Branch.displayName), is the whole sanitized name, and the browser sends it as is.
 */
export function amplifyBranchOrigin(branch: string, appId: string): string {
  const label = branch.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `https://${label}.${appId.toLowerCase()}.amplifyapp.com`;
}
