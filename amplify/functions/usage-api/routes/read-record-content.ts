import * as z from 'zod/mini';

import { ContentReadRefused } from '../../../audit/content-reads.ts';
import { CONTENT_READ_REASON } from '../../../contract/audit.ts';
import { ApiError } from '../../shared/api-error.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import { parseJsonBody } from '../../shared/json-body.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

const PATH = '/audit/records/{recordId}/content';

/**
 * The reason, trimmed: within the contract's bounds, one line of printable text (it is shown to
 * the record's owner and kept in the audit record, so no control or format characters).
 */
const contentReadBody = z.strictObject({
  reason: z.pipe(
    z.string().check(z.trim()),
    z
      .string()
      .check(
        z.minLength(CONTENT_READ_REASON.minChars),
        z.maxLength(CONTENT_READ_REASON.maxChars),
        z.regex(/^[^\p{Cc}\p{Cf}]*$/u, 'must be one line of printable text'),
      ),
  ),
});

const REFUSALS: Record<ContentReadRefused['why'], () => ApiError> = {
  'not-found': () =>
    new ApiError(
      404,
      'AUDIT_RECORD_NOT_FOUND',
      'No such audit record, or it is past its retention',
    ),
  'not-captured': () =>
    new ApiError(
      409,
      'CONTENT_NOT_CAPTURED',
      'This record kept no content: there is nothing to read',
    ),
  tampered: () =>
    new ApiError(
      409,
      'AUDIT_RECORD_TAMPERED',
      'The stored record does not match its hash; it was not opened. Run npm run audit:verify',
    ),
};

/**
 * `POST /audit/records/{recordId}/content` `{ reason }`: one record's captured content, for an
 * Administrator signed in (the route is `signedInOnly`: never an API key). The read is written
 * to the audit trail with the reason, and noted for the record's owner, before the content is
 * fetched and decrypted; a read that cannot be recorded fails (500) without the content.
 */
export const readRecordContent: ApiRoute<UsageApiDependencies> = {
  method: 'POST',
  path: PATH,
  handle: async ({ caller, event, requestId }, { audit, config }) => {
    const at = new Date();
    let recorded = false;
    try {
      // The authorizer already limits this route to Administrators; checked again here.
      if (!caller.groups.includes('Administrators'))
        throw new ApiError(403, 'FORBIDDEN', 'Only Administrators may read captured content');
      if (!audit?.contentReads)
        throw new ApiError(404, 'ROUTE_NOT_FOUND', 'No content capture in this deployment');
      const { reason } = parseJsonBody(event, contentReadBody, config.maxBodyBytes);
      const data = await audit.contentReads.read({
        recordId: event.pathParameters?.['recordId'] ?? '',
        reason,
        reader: caller,
        requestId,
        action: `POST ${PATH}`,
        recorded: () => {
          recorded = true;
        },
      });
      return { data };
    } catch (thrown) {
      const error = thrown instanceof ContentReadRefused ? REFUSALS[thrown.why]() : thrown;
      // A refused attempt is an admin action too (the granted read recorded itself, with its reason).
      if (!recorded)
        await audit?.trail?.record({
          kind: 'admin-action',
          at,
          requestId,
          sub: caller.sub,
          username: caller.username,
          groups: caller.groups,
          group: 'Administrators',
          action: `POST ${PATH}`,
          outcome: error instanceof ApiError && error.status < 500 ? 'client_error' : 'error',
          status: error instanceof ApiError ? error.status : 500,
          errorCode: error instanceof ApiError ? error.code : 'INTERNAL_ERROR',
          latencyMs: Math.round(Date.now() - at.getTime()),
        });
      throw error;
    }
  },
};
