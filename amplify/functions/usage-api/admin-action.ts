import type { ApiRoute } from '../shared/api-router.ts';
import { type AuditedDependencies, type AuditedRoute, auditedRoute } from './audited-route.ts';

export type { AuditedRoute } from './audited-route.ts';

/**
 * An admin route that writes one `admin-action` audit record per call, whatever its answer
 * (audited-route.ts), kept as long as the Administrators' admin actions.
 */
export function auditedAdminAction<D extends AuditedDependencies>(
  route: AuditedRoute<D>,
): ApiRoute<D> {
  return auditedRoute(route, { kind: 'admin-action', group: 'Administrators' });
}
