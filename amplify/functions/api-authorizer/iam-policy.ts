import type { PolicyDocument } from 'aws-lambda';

import type { RouteDefinition } from '../../contract/routes.ts';
import { TokenRejectedError } from './errors.ts';

// arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path...>
const METHOD_ARN = /^(arn:aws[a-z-]*:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+\/[^/]+)\/[A-Z*]+\//;

/**
 * The `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>` part of a method ARN: every
 * route of this API stage lies below it.
 *
 * @throws TokenRejectedError(`INVALID_EVENT`) when the ARN is not an execute-api method ARN.
 */
export function stagePrefixOf(methodArn: string | undefined): string {
  // Stryker disable next-line StringLiteral: any text without an execute-api ARN fails the same way
  const match = METHOD_ARN.exec(methodArn ?? '');
  if (!match) throw new TokenRejectedError('INVALID_EVENT');
  return match[1]!;
}

/** What the policy needs to know of a route. */
export type PolicyRoute = Pick<RouteDefinition, 'method' | 'path' | 'groups' | 'signedInOnly'>;

/** The execute-api resource ARN of a route: `{param}` segments become `*`. */
export function routeResourceArn(stagePrefix: string, route: Pick<PolicyRoute, 'method' | 'path'>) {
  return `${stagePrefix}/${route.method}${route.path.replace(/\{[^/}]+\}/g, '*')}`;
}

/**
 * The policy for a caller with these groups, covering EVERY route of the API.
 *
 * API Gateway caches an authorizer's result per token and reuses it for all routes of the stage
 * for the cache TTL. A policy naming only the `methodArn` of the first request would wrongly
 * deny (or, written carelessly, allow) the next route from the cache. So the decision is made
 * for the whole route table at once: Allow every route one of the groups may call, explicit
 * Deny for every other route. With no allowed route, the whole stage is denied (403).
 */
export function buildPolicy(
  routes: readonly PolicyRoute[],
  stagePrefix: string,
  groups: readonly string[],
): PolicyDocument {
  const allowed: string[] = [];
  const denied: string[] = [];
  for (const route of routes) {
    const mayCall = route.groups.some((group) => groups.includes(group));
    (mayCall ? allowed : denied).push(routeResourceArn(stagePrefix, route));
  }
  if (allowed.length === 0) {
    return statements([{ effect: 'Deny', resources: [`${stagePrefix}/*`] }]);
  }
  return statements([
    { effect: 'Allow', resources: allowed },
    { effect: 'Deny', resources: denied },
  ]);
}

function statements(parts: { effect: 'Allow' | 'Deny'; resources: string[] }[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: parts
      .filter((part) => part.resources.length > 0)
      .map((part) => ({
        Action: 'execute-api:Invoke',
        Effect: part.effect,
        Resource: part.resources,
      })),
  };
}

/** True when the policy allows no route at all (the caller gets 403 everywhere). */
export function deniesEverything(policy: PolicyDocument): boolean {
  return policy.Statement.every((statement) => statement.Effect === 'Deny');
}

/** Largest number of distinct (stage, groups) policies kept; an API has a handful. */
export const POLICY_CACHE_ENTRIES = 64;

/**
 * Memoizes `buildPolicy` per stage and set of known groups, so a warm request does no policy work.
 * Only groups that appear in the route table matter, so unknown groups do not fragment the cache.
 */
export function createPolicyCache(routes: readonly PolicyRoute[]) {
  const known = new Set(routes.flatMap((route) => route.groups as readonly string[]));
  const cache = new Map<string, PolicyDocument>();
  return (stagePrefix: string, groups: readonly string[]): PolicyDocument => {
    const relevant = [...new Set(groups.filter((group) => known.has(group)))].sort();
    // Stryker disable next-line StringLiteral: no two sets of the route table's group names join alike
    const groupList = relevant.join(',');
    const key = `${stagePrefix} ${groupList}`;
    let policy = cache.get(key);
    if (!policy) {
      if (cache.size >= POLICY_CACHE_ENTRIES) cache.clear();
      policy = buildPolicy(routes, stagePrefix, relevant);
      cache.set(key, policy);
    }
    return policy;
  };
}
