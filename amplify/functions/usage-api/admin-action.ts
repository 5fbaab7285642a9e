import type { AuditChange } from '../../audit/record.ts';
import type { AuditSink } from '../../audit/trail.ts';
import { ApiError } from '../shared/api-error.ts';
import type { ApiRoute, RouteAnswer, RouteRequest } from '../shared/api-router.ts';

/** What an audited admin route needs of the usage API's dependencies. */
interface AuditedDependencies {
  readonly audit?: { readonly trail?: AuditSink };
}

/** An admin route whose answer may say what it changed (kept in its audit record). */
export interface AuditedRoute<D> extends Omit<ApiRoute<D>, 'handle'> {
  handle(
    request: RouteRequest,
    dependencies: D,
  ): Promise<RouteAnswer & { readonly changes?: readonly AuditChange[] }>;
}

/**
 * An admin route that writes one `admin-action` audit record per call, whatever its answer:
 * who, which route, when, the status and error code, and what it changed (before and after)
 * when the route says so; never the query or the data returned.
 */
export function auditedAdminAction<D extends AuditedDependencies>(
  route: AuditedRoute<D>,
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
        throw error;
      } finally {
        await dependencies.audit?.trail?.record({
          kind: 'admin-action',
          at,
          requestId: request.requestId,
          sub: request.caller.sub,
          username: request.caller.username,
          groups: request.caller.groups,
          group: 'Administrators',
          action: `${route.method} ${route.path}`,
          outcome: status < 400 ? 'ok' : 'client_error',
          status,
          ...(errorCode ? { errorCode } : {}),
          ...(changes ? { changes: [...changes] } : {}),
          latencyMs: Math.round(performance.now() - started),
        });
      }
    },
  };
}
