/**
 * The metric the group-mapping trigger emits when a SAML assertion's groups are incomplete
 * (Entra's group overage, or an attribute cut at Cognito's length), and the alarm reads: one
 * definition for both (amplify/monitoring/alarms.ts).
 */
export const GROUP_CLAIMS_METRIC = {
  namespace: 'MLGateway/Identity',
  name: 'GroupClaimsIncomplete',
  /** Powertools' service dimension: the trigger's service name. */
  service: 'group-mapping',
  /** The deployment (`settings.deploymentName`), so branches in one account do not mix. */
  deploymentDimension: 'deployment',
} as const;

/**
 * Characters a Cognito custom attribute holds: a mapped SAML value of this length was cut
 * ("Working with user attributes", Amazon Cognito Developer Guide: custom attributes can be
 * up to 2048 characters,
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html).
 */
export const COGNITO_ATTRIBUTE_MAX_CHARS = 2048;
