import { CONTENT_READ_NOTICE_LIMIT, type ContentReadNotices } from '../../../contract/audit.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import type { UsageApiDependencies } from '../dependencies.ts';

/**
 * `GET /audit/content-reads`: who read the caller's captured content, when and why (newest
 * first). Everyone may ask about their own; empty where nothing is captured.
 */
export const listOwnContentReads: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/audit/content-reads',
  handle: async ({ caller }, { audit }) => {
    const reads = audit?.contentReads
      ? await audit.contentReads.notices(caller.sub, CONTENT_READ_NOTICE_LIMIT)
      : [];
    const data: ContentReadNotices = { reads };
    return { data };
  },
};
