import { ApiError } from '../../shared/api-error.ts';
import type { ApiRoute } from '../../shared/api-router.ts';
import type { UsageApiDependencies } from '../dependencies.ts';
import { reportRange } from '../usage-report.ts';

/** `GET /usage/report?from&to`: every user's usage over a range of days (Administrators). */
export const getUsageReport: ApiRoute<UsageApiDependencies> = {
  method: 'GET',
  path: '/usage/report',
  handle: async ({ caller, event }, { config, usage, now }) => {
    // The authorizer already limits this route to Administrators; checked again here.
    if (!caller.groups.includes('Administrators'))
      throw new ApiError(403, 'FORBIDDEN', 'Only Administrators may read the usage report');
    const range = reportRange(event.queryStringParameters ?? {}, config.reportMaxDays, now());
    if (typeof range === 'string') throw new ApiError(400, 'BAD_REQUEST', range);
    return { data: await usage.report(range.from, range.to) };
  },
};
