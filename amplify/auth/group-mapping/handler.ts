import { Logger } from '@aws-lambda-powertools/logger';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

import { mapEntraIdentity } from './map-claims.ts';
import { type GroupMappingSource, mappingSourceFromEnv } from './mapping-source.ts';

const logger = new Logger({ serviceName: 'group-mapping' });
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
    if (mapped.groupOverage) {
      logger.warn('Entra group overage: group ids not sent, only app roles were mapped', {
        reason: 'GROUP_OVERAGE',
        sub: event.request.userAttributes['sub'],
      });
    }
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
