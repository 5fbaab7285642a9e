import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

import { GROUP_CLAIMS_METRIC } from './group-claims-metric.ts';
import { mapEntraIdentity, type MappedIdentity } from './map-claims.ts';
import { type GroupMappingSource, mappingSourceFromEnv } from './mapping-source.ts';

const logger = new Logger({ serviceName: GROUP_CLAIMS_METRIC.service });
/** The stored mapping (cached briefly), or the committed default where no table is set. */
const storedMapping = mappingSourceFromEnv(process.env, (errorName) =>
  logger.warn('Group mapping table unreadable: the last mapping read applies', {
    reason: 'MAPPING_STALE',
    errorName,
  }),
);

/** The trigger's handler over a mapping source. */
export type GroupMappingHandler = (
  event: PreTokenGenerationV2TriggerEvent,
) => Promise<PreTokenGenerationV2TriggerEvent>;

/**
 * Pre-token-generation trigger (event version V2_0): puts the Cognito groups mapped from the
 * user's Entra app roles / group ids into `cognito:groups` of the ID and ACCESS tokens, and the
 * ABAC claims into the access token, where the API authorizer reads them. The mapping is the
 * one `currentMapping` gives now (the stored one, cached briefly).
 */
export function createGroupMappingHandler(currentMapping: GroupMappingSource): GroupMappingHandler {
  return async (event) => {
    const mapped = mapEntraIdentity(
      event.request.userAttributes,
      event.request.groupConfiguration.groupsToOverride ?? [],
      await currentMapping(),
    );
    reportIncompleteGroups(mapped, event.request.userAttributes['sub']);
    if (mapped.unmapped.length > 0) {
      logger.info('Entra values without a mapping row', {
        reason: 'UNMAPPED_VALUES',
        count: mapped.unmapped.length,
      });
    }
    event.response.claimsAndScopeOverrideDetails = {
      groupOverrideDetails: { groupsToOverride: mapped.groups },
      accessTokenGeneration: { claimsToAddOrOverride: mapped.claims },
    };
    return event;
  };
}

/** Lambda entry point. */
export const handler: GroupMappingHandler = createGroupMappingHandler(storedMapping);

/**
 * An overage or a cut attribute is never read silently as "these are all the groups": a
 * warning (the reason and the user's `sub`, no claim value) and a metric the
 * `EntraGroupClaimsIncomplete` alarm watches. With SCIM on, the authorizer reads the groups
 * from the directory instead, so such users still get their access.
 */
function reportIncompleteGroups(mapped: MappedIdentity, sub: string | undefined): void {
  const problems = [
    ...(mapped.groupOverage ? (['GROUP_OVERAGE'] as const) : []),
    ...(mapped.groupsTruncated ? (['GROUPS_TRUNCATED'] as const) : []),
  ];
  if (problems.length === 0) return;
  for (const reason of problems)
    logger.warn('Entra groups incomplete in the SAML assertion: only what arrived was mapped', {
      reason,
      sub,
    });
  const metrics = new Metrics({
    namespace: GROUP_CLAIMS_METRIC.namespace,
    serviceName: GROUP_CLAIMS_METRIC.service,
  });
  metrics.addDimensions({
    [GROUP_CLAIMS_METRIC.deploymentDimension]: process.env['DEPLOYMENT_NAME'] ?? 'local',
  });
  metrics.addMetric(GROUP_CLAIMS_METRIC.name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
