import type { AuditKind } from '../../audit/kinds.ts';
import { outcomeOfStatus } from '../../audit/outcome.ts';
import type { AuditChange } from '../../audit/record.ts';
import type { AuditSink } from '../../audit/trail.ts';
import { ApiError } from '../shared/api-error.ts';
import type { ApiRoute, RouteAnswer, RouteRequest } from '../shared/api-router.ts';

/** What an audited route needs of the usage API's dependencies. */
export interface AuditedDependencies {
  readonly audit?: { readonly trail?: AuditSink };
}

/** A route whose answer may say what it changed (kept in its audit record, not answered). */
export interface AuditedRoute<D> extends Omit<ApiRoute<D>, 'handle'> {
  handle(
    request: RouteRequest,
    dependencies: D,
  ): Promise<RouteAnswer & { readonly changes?: readonly AuditChange[] }>;
}

/** Which kind of record a route writes, and whose settings apply to it. */
export interface AuditedRouteOptions {
  readonly kind: AuditKind;
  /** The group whose retention applies. @default the caller's first group */
  readonly group?: string;
  /** What a refused or failed call was aiming at (e.g. the key of its path), for its record. */
  readonly attempted?: (request: RouteRequest) => readonly AuditChange[] | undefined;
}

/**
 * A route that writes one audit record of `options.kind` per call, whatever its answer: who,
 * which route, when, the status and error code, and what it changed (before and after) when the
 * route says so; never the body, the query or the data returned.
 */
export function auditedRoute<D extends AuditedDependencies>(
  route: AuditedRoute<D>,
  options: AuditedRouteOptions,
): ApiRoute<D> {
  return {
    method: route.method,
    path: route.path,
    handle: async (request, dependencies) => {
      const started = performance.now();
      const at = new Date();
      let status = 500;
      let errorCode: string | undefined;
      let changes: readonly AuditChange[] | undefined;
      try {
        const { changes: changed, ...answer } = await route.handle(request, dependencies);
        status = answer.status ?? 200;
        changes = changed;
        return answer;
      } catch (error) {
        if (error instanceof ApiError) {
          status = error.status;
          errorCode = error.code;
        } else errorCode = 'INTERNAL_ERROR';
        changes = options.attempted?.(request);
        throw error;
      } finally {
        await dependencies.audit?.trail?.record({
          kind: options.kind,
          at,
          requestId: request.requestId,
          sub: request.caller.sub,
          username: request.caller.username,
          groups: request.caller.groups,
          ...(options.group !== undefined ? { group: options.group } : {}),
          action: `${route.method} ${route.path}`,
          outcome: outcomeOfStatus(status),
          status,
          ...(errorCode ? { errorCode } : {}),
          ...(changes?.length ? { changes: [...changes] } : {}),
          latencyMs: Math.round(performance.now() - started),
        });
      }
    },
  };
}
