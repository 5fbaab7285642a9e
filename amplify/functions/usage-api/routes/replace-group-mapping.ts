import '../../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { MappingVersionConflictError } from '../../../auth/group-mapping/group-mapping-store.ts';
import { mappingChanges } from '../../../auth/group-mapping/mapping-entries.ts';
import type {
  MappingConflictDetails,
  ReplaceGroupMappingAnswer,
} from '../../../contract/group-mapping.ts';
import { replaceGroupMappingSchema } from '../../../contract/group-mapping-bodies.ts';
import { ApiError } from '../../shared/api-error.ts';
import { readJsonBody } from '../../shared/json-body.ts';
import { auditedAdminAction, type AuditedRoute } from '../admin-action.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { groupMappingOf, requireSignedInAdministrator } from '../group-mapping-routes.ts';

/**
 * `PUT /admin/group-mapping` `{ version, entries }`: replaces the table, when `version` is still
 * the stored one (else 409 `MAPPING_VERSION_CONFLICT`, nothing stored). A 400 lists every field
 * at fault in `details.fields` (`field` is the first). Audited with each entry's before and after.
 */
export const replaceGroupMapping = auditedAdminAction<UsageApiDependencies>({
  method: 'PUT',
  path: '/admin/group-mapping',
  handle: async ({ caller, event }, dependencies) => {
    requireSignedInAdministrator(caller);
    const store = groupMappingOf(dependencies);
    const parsed = z.safeParse(
      replaceGroupMappingSchema,
      readJsonBody(event, dependencies.config.maxBodyBytes),
    );
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'body',
        message: issue.message,
      }));
      throw new ApiError(400, 'BAD_REQUEST', `${fields[0]!.field}: ${fields[0]!.message}`, {
        field: fields[0]!.field,
        details: { fields },
      });
    }
    try {
      const { previous, mapping } = await store.replace(
        parsed.data.version,
        parsed.data.entries,
        caller.username || caller.sub,
      );
      const answer: ReplaceGroupMappingAnswer = {
        mapping,
        changes: mappingChanges(previous.entries, mapping.entries),
      };
      return { data: answer, changes: answer.changes };
    } catch (error) {
      if (!(error instanceof MappingVersionConflictError)) throw error;
      const details: MappingConflictDetails = { currentVersion: error.currentVersion };
      throw new ApiError(
        409,
        'MAPPING_VERSION_CONFLICT',
        'Another administrator changed the group mapping since you loaded it; reload and edit again',
        { details: { ...details } },
      );
    }
  },
} satisfies AuditedRoute<UsageApiDependencies>);
