import { Logger } from '@aws-lambda-powertools/logger';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

import { mapEntraIdentity } from './map-claims.ts';
import { GROUP_MAPPING } from './mapping-table.ts';

const logger = new Logger({ serviceName: 'group-mapping' });

/**
 * Pre-token-generation trigger (event version V2_0): puts the Cognito groups mapped from the
 * user's Entra app roles / group ids into `cognito:groups` of the ID and ACCESS tokens, and the
 * ABAC claims into the access token, where the API authorizer reads them.
 */
export async function handler(
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> {
  const mapped = mapEntraIdentity(
    event.request.userAttributes,
    event.request.groupConfiguration.groupsToOverride ?? [],
    GROUP_MAPPING,
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
}
