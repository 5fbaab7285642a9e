import { InvalidCursorError } from '../../../audit/store-reader.ts';
import { AUDIT_PAGE_LIMIT, AUDIT_RECORD_KINDS, type AuditPage } from '../../../contract/audit.ts';
import { ApiError, badRequest } from '../../shared/api-error.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import { auditedAdminAction } from '../admin-action.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Filter values: identifiers, never free text (they reach a DynamoDB filter as values). */
const TOKEN = /^[\w.@:+-]{1,128}$/;

/**
 * `GET /audit/records?day&kind&outcome&username&model&cursor`: one day's audit metadata
 * (Administrators), oldest first. Never the captured content: the index holds none. Reading it
 * is itself an audited admin action.
 */
export const listAuditRecords: ApiRoute<UsageApiDependencies> = auditedAdminAction({
  method: 'GET',
  path: '/audit/records',
  handle: async ({ caller, event }, { audit }) => {
    // The authorizer already limits this route to Administrators; checked again here.
    if (!caller.groups.includes('Administrators'))
      throw new ApiError(403, 'FORBIDDEN', 'Only Administrators may read the audit trail');
    if (!audit) throw new ApiError(404, 'ROUTE_NOT_FOUND', 'No audit trail in this deployment');
    const query = event.queryStringParameters ?? {};
    const day = query['day'] ?? '';
    if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
      throw badRequest('day', 'day must be a date, yyyy-mm-dd');
    const kind = query['kind'];
    if (kind !== undefined && !(AUDIT_RECORD_KINDS as readonly string[]).includes(kind))
      throw badRequest('kind', `kind must be one of ${AUDIT_RECORD_KINDS.join(', ')}`);
    for (const field of ['outcome', 'username', 'model'] as const) {
      const value = query[field];
      if (value !== undefined && !TOKEN.test(value))
        throw badRequest(field, `${field} must be an identifier`);
    }
    try {
      const page: AuditPage = await audit.reader.records(day, AUDIT_PAGE_LIMIT, {
        ...(kind ? { kind } : {}),
        ...(query['outcome'] ? { outcome: query['outcome'] } : {}),
        ...(query['username'] ? { username: query['username'] } : {}),
        ...(query['model'] ? { model: query['model'] } : {}),
        ...(query['cursor'] ? { cursor: query['cursor'] } : {}),
      });
      return { data: page };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badRequest('cursor', 'cursor is not valid');
      throw error;
    }
  },
});
