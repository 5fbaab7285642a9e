import type { PolicyDocument, Statement } from 'aws-lambda';

/** Thrown when an authorizer returns a policy API Gateway would refuse (answered 500). */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
}

/** The parts of an `execute-api` method ARN. */
export interface MethodArnParts {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly method: string;
  /** The request path without the stage, e.g. `/ml/sagemaker/jobs/abc`. */
  readonly path: string;
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`, as API Gateway builds it. */
export function methodArn(parts: MethodArnParts): string {
  return `arn:aws:execute-api:${parts.region}:${parts.accountId}:${parts.apiId}/${parts.stage}/${parts.method}${parts.path}`;
}

const asList = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? value
      : [];

/** Compiled patterns: a cached policy is evaluated on every request, its patterns never change. */
const compiled = new Map<string, RegExp>();
/** Patterns kept compiled (policies name a handful of route ARNs; the cap bounds odd ones). */
const MAX_COMPILED_PATTERNS = 10_000;

/** IAM string matching: `*` matches any run of characters (including `/`), `?` exactly one. */
export function matchesPattern(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    const source = pattern
      .split('')
      .map((char) =>
        char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    regex = new RegExp(`^${source}$`);
    if (compiled.size >= MAX_COMPILED_PATTERNS) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

const INVOKE_ACTIONS = ['execute-api:Invoke'];

function statementMatches(statement: Statement, arn: string): boolean {
  const record = statement as unknown as Record<string, unknown>;
  if ('NotAction' in record || 'NotResource' in record || 'Condition' in record) {
    throw new InvalidPolicyError('NotAction, NotResource and Condition are not supported');
  }
  const actions = asList(record['Action']);
  const resources = asList(record['Resource']);
  if (actions.length === 0 || resources.length === 0) {
    throw new InvalidPolicyError('every statement needs Action and Resource');
  }
  const actionMatches = actions.some((action) =>
    INVOKE_ACTIONS.some((invoke) => matchesPattern(action, invoke)),
  );
  return actionMatches && resources.some((resource) => matchesPattern(resource, arn));
}

/**
 * Evaluates an authorizer's IAM policy for one method ARN as API Gateway does: an explicit Deny
 * wins, otherwise any matching Allow allows, otherwise the request is denied.
 *
 * @throws InvalidPolicyError when the document is malformed.
 */
export function isAllowed(policy: PolicyDocument | undefined, arn: string): boolean {
  if (!policy || !Array.isArray(policy.Statement)) {
    throw new InvalidPolicyError('policyDocument.Statement must be a list');
  }
  let allowed = false;
  for (const statement of policy.Statement) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new InvalidPolicyError('Effect must be Allow or Deny');
    }
    if (!statementMatches(statement, arn)) continue;
    if (statement.Effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}
