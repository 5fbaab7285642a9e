import { Token } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';

import type { RouteDefinition } from '../contract/routes.ts';

/** The AWS managed rule groups whose body rules the web ACL decides about. */
export type ManagedGroupName =
  'AWSManagedRulesCommonRuleSet' | 'AWSManagedRulesKnownBadInputsRuleSet';

/** One rule of an AWS managed group that inspects the request body, and what the web ACL does with it. */
export interface ManagedBodyRule {
  readonly group: ManagedGroupName;
  /** The rule's documented name (case-sensitive: WAF silently ignores an override with a wrong name). */
  readonly rule: string;
  /** The documented label the rule adds when it matches, also when overridden to Count. */
  readonly label: string;
  /** Why a prompt or saved conversation may legitimately match it. */
  readonly whyCountedOnPromptRoutes: string;
}

// Names and labels from "AWS Managed Rules rule groups list > Baseline rule groups"
// (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
const crs = 'awswaf:managed:aws:core-rule-set:';
const knownBadInputs = 'awswaf:managed:aws:known-bad-inputs:';

/**
 * Every body rule of the managed groups the web ACL runs. Each is overridden to Count inside its
 * group and blocked afterwards, by label, on every route that does not carry prompt text: the
 * prompt routes only pass text to a model and store it, so nothing behind them runs, renders,
 * includes or fetches what a user writes, while code, paths and exploit strings are normal
 * questions. There is no SQL injection rule set in the web ACL, so SQL in a prompt is not blocked.
 */
export const MANAGED_BODY_RULES: readonly ManagedBodyRule[] = [
  {
    group: 'AWSManagedRulesCommonRuleSet',
    rule: 'SizeRestrictions_BODY',
    label: `${crs}SizeRestrictions_Body`,
    whyCountedOnPromptRoutes:
      'prompts and conversations exceed 8 KB; the BodySizeLimit rule enforces api.maxBodyBytes',
  },
  {
    group: 'AWSManagedRulesCommonRuleSet',
    rule: 'EC2MetaDataSSRF_BODY',
    label: `${crs}EC2MetaDataSSRF_Body`,
    whyCountedOnPromptRoutes:
      'questions about the instance metadata endpoint quote 169.254.169.254; no URL in a prompt is fetched',
  },
  {
    group: 'AWSManagedRulesCommonRuleSet',
    rule: 'GenericLFI_BODY',
    label: `${crs}GenericLFI_Body`,
    whyCountedOnPromptRoutes: 'code and shell questions contain relative paths such as ../../',
  },
  {
    group: 'AWSManagedRulesCommonRuleSet',
    rule: 'GenericRFI_BODY',
    label: `${crs}GenericRFI_Body`,
    whyCountedOnPromptRoutes: 'configuration questions contain URLs with IPv4 hosts',
  },
  {
    group: 'AWSManagedRulesCommonRuleSet',
    rule: 'CrossSiteScripting_BODY',
    label: `${crs}CrossSiteScripting_Body`,
    whyCountedOnPromptRoutes:
      'front-end questions contain HTML and <script>; the app renders answers as sanitized Markdown',
  },
  {
    group: 'AWSManagedRulesKnownBadInputsRuleSet',
    rule: 'JavaDeserializationRCE_BODY',
    label: `${knownBadInputs}JavaDeserializationRCE_Body`,
    whyCountedOnPromptRoutes: 'Java questions contain Runtime.getRuntime().exec(...)',
  },
  {
    group: 'AWSManagedRulesKnownBadInputsRuleSet',
    rule: 'Log4JRCE_BODY',
    label: `${knownBadInputs}Log4JRCE_Body`,
    whyCountedOnPromptRoutes: 'questions about Log4Shell quote ${jndi:ldap://...}',
  },
];

/** The body rules of one group, by name: the group's Count overrides. */
export function bodyRulesOf(group: ManagedGroupName): string[] {
  return MANAGED_BODY_RULES.filter((r) => r.group === group).map((r) => r.rule);
}

/**
 * Regular expressions (one per HTTP method) matching the URI path of every route whose body
 * carries prompt text, as WAF sees it on the stage's invoke URL (`/<stage>/<route path>`).
 * Path parameters match one non-empty segment.
 */
export function promptRoutePatterns(
  routes: readonly RouteDefinition[],
  stageName: string,
): Record<string, string> {
  // A token escaped into a regex would deploy as a pattern that matches no request.
  if (Token.isUnresolved(stageName))
    throw new Error('promptRoutePatterns needs the literal stage name, not a token');
  const byMethod = new Map<string, string[]>();
  for (const route of routes.filter((r) => r.carriesPromptText)) {
    const path = route.path
      .split('/')
      .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : escapeRegex(segment)))
      .join('/');
    byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), path]);
  }
  return Object.fromEntries(
    [...byMethod].map(([method, paths]) => [
      method,
      `^/${escapeRegex(stageName)}(?:${paths.join('|')})$`,
    ]),
  );
}

/**
 * Matches a request that a managed body rule labelled and that is not a prompt route: the
 * statement of the rule that blocks what the managed groups only counted. WAF matches a label
 * only from rules evaluated earlier, so the rule must come after both managed groups
 * ("Label match rule statement", https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-label-match.html).
 */
export function bodyRuleMatchOutsidePromptRoutes(
  routes: readonly RouteDefinition[],
  stageName: string,
): CfnWebACL.StatementProperty {
  const labelled: CfnWebACL.StatementProperty = {
    orStatement: {
      statements: MANAGED_BODY_RULES.map((r) => ({
        labelMatchStatement: { scope: 'LABEL', key: r.label },
      })),
    },
  };
  const promptRoutes = Object.entries(promptRoutePatterns(routes, stageName)).map(
    ([method, pattern]): CfnWebACL.StatementProperty => ({
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              fieldToMatch: { method: {} },
              positionalConstraint: 'EXACTLY',
              searchString: method,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          {
            regexMatchStatement: {
              fieldToMatch: { uriPath: {} },
              regexString: pattern,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        ],
      },
    }),
  );
  if (promptRoutes.length === 0) return labelled;
  const onPromptRoute =
    promptRoutes.length === 1 ? promptRoutes[0]! : { orStatement: { statements: promptRoutes } };
  return {
    andStatement: { statements: [labelled, { notStatement: { statement: onPromptRoute } }] },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
