import { ArnFormat, Aws, Fn, Names, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  CfnIPSet,
  CfnLoggingConfiguration,
  CfnWebACL,
  CfnWebACLAssociation,
} from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

import { retentionDays } from '../api/log-retention.ts';
import { primaryOrigin, STAGE_NAME } from '../contract/gateway.ts';
import {
  LENGTH_REQUIRED_METHODS,
  WAF_BLOCK_RESPONSES,
  type WafBlock,
  wafBlockBody,
} from '../contract/gateway-errors.ts';
import { ROUTES } from '../contract/routes.ts';
import type { EnvironmentSettings } from '../settings/index.ts';
import { statefulRemovalOf } from '../settings/removal-policy.ts';
import { contentLengthAbovePattern } from './content-length.ts';
import { bodyRuleMatchOutsidePromptRoutes, bodyRulesOf } from './managed-body-rules.ts';
import { WAF_LOG_GROUP_PREFIX } from './waf-log-policy.ts';

/** Rule names, also the `Rule` dimension of the WAF metrics (dashboard, alarms, docs/ops.md). */
export const WAF_RULES = {
  allowList: 'AllowListedIpsOnly',
  ipReputation: 'AmazonIpReputation',
  rateLimit: 'RateLimitPerIp',
  bodySize: 'BodySizeLimit',
  lengthRequired: 'ContentLengthRequired',
  common: 'AwsCommonRuleSet',
  knownBadInputs: 'AwsKnownBadInputs',
  bodyRulesOutsidePromptRoutes: 'ManagedBodyRulesOutsidePromptRoutes',
} as const;

/**
 * How much of a body API Gateway forwards to WAF: 16 KB, the default; 32, 48 or 64 KB cost extra
 * ("Considerations for managing body inspection in AWS WAF",
 * https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-setting-body-inspection-limit.html).
 * The managed body rules inspect the first 16 KB of a longer body (oversize handling Continue).
 */
const BODY_INSPECTION_LIMIT = 'KB_16';

/**
 * Actions whose requests the WAF log keeps. A rule overridden to Count inside a managed group
 * logs as EXCLUDED_AS_COUNT, not COUNT ("ActionCondition",
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_ActionCondition.html).
 */
const LOGGED_ACTIONS = ['BLOCK', 'COUNT', 'EXCLUDED_AS_COUNT'] as const;

/** Props of {@link ApiWebAcl}; every one is required. */
export interface ApiWebAclProps {
  /**
   * The environment's settings: `waf` (rate per IP, allow-listed CIDRs), `api.maxBodyBytes`,
   * the origins its answers name, log retention and removal policy.
   */
  readonly settings: EnvironmentSettings;
  /** The REST API stage the web ACL protects. */
  readonly stage: Stage;
}

/**
 * The REGIONAL web ACL in front of the REST API stage: optional IP allow-list, Amazon IP
 * reputation, a per-IP rate limit, the body size limit (bodies must declare their length), and
 * the AWS Common and Known Bad Inputs rule sets, whose body rules block everywhere except on the
 * routes that carry prompt text. Blocked and counted requests are logged with the Authorization header redacted and
 * request bodies substituted.
 */
export class ApiWebAcl extends Construct {
  readonly webAcl: CfnWebACL;
  /** The web ACL's name: the `WebACL` dimension of its CloudWatch metrics. */
  readonly webAclName: string;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const { settings } = props;
    const origin = primaryOrigin(settings.allowedOrigins);
    this.webAclName = Names.uniqueResourceName(this, { maxLength: 128 });

    const rules: UnprioritizedRule[] = [];
    const allowList = this.allowListStatement(settings.waf.allowedIpCidrs);
    if (allowList) {
      rules.push(
        rule(WAF_RULES.allowList, blockWith('forbidden', origin), {
          notStatement: { statement: allowList },
        }),
      );
    }
    rules.push(
      managedRule(WAF_RULES.ipReputation, 'AWSManagedRulesAmazonIpReputationList'),
      rule(WAF_RULES.rateLimit, blockWith('throttled', origin), {
        rateBasedStatement: {
          limit: settings.waf.ratePerFiveMinutes,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
        },
      }),
      rule(WAF_RULES.bodySize, blockWith('tooLarge', origin), {
        regexMatchStatement: {
          fieldToMatch: { singleHeader: { Name: 'content-length' } },
          regexString: contentLengthAbovePattern(settings.api.maxBodyBytes),
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      }),
      // WAF cannot measure a body (it sees 16 KB of it): a body without a declared length
      // would pass the size rule above, so one is required. A missing header never matches a
      // SingleHeader statement; NOT of "the header has a value" matches it ("Rate limit the
      // requests that are missing a specific header",
      // https://docs.aws.amazon.com/waf/latest/developerguide/waf-rate-based-example-limit-missing-header.html).
      rule(WAF_RULES.lengthRequired, blockWith('lengthRequired', origin), {
        andStatement: {
          statements: [
            {
              regexMatchStatement: {
                fieldToMatch: { method: {} },
                regexString: `^(?:${LENGTH_REQUIRED_METHODS.join('|')})$`,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            {
              notStatement: {
                statement: {
                  sizeConstraintStatement: {
                    fieldToMatch: { singleHeader: { Name: 'content-length' } },
                    comparisonOperator: 'GT',
                    size: 0,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              },
            },
          ],
        },
      }),
      // Body rules only count (and label) here; the next rule blocks them outside prompt routes.
      managedRule(
        WAF_RULES.common,
        'AWSManagedRulesCommonRuleSet',
        bodyRulesOf('AWSManagedRulesCommonRuleSet'),
      ),
      managedRule(
        WAF_RULES.knownBadInputs,
        'AWSManagedRulesKnownBadInputsRuleSet',
        bodyRulesOf('AWSManagedRulesKnownBadInputsRuleSet'),
      ),
      // A plain block: API Gateway answers it with its WAF_FILTERED response (403 FORBIDDEN).
      // The stage's literal name: `stage.stageName` is a token that cannot go into a regex.
      rule(
        WAF_RULES.bodyRulesOutsidePromptRoutes,
        { block: {} },
        bodyRuleMatchOutsidePromptRoutes(ROUTES, STAGE_NAME),
      ),
    );

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      // WAFv2 API reference, CreateWebACL: Description matches ^[\w+=:#@/\-,\.][\w+=:#@/\-,\.\s]+[\w+=:#@/\-,\.]$ (no parentheses).
      description: `ML Gateway API, ${settings.name} environment`,
      rules: rules.map((r, priority) => ({ ...r, priority })),
      visibilityConfig: visibility(this.webAclName),
      associationConfig: {
        requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: BODY_INSPECTION_LIMIT } },
      },
      // Counted body rules log the text they matched: substitute it, so no prompt reaches the
      // WAF log or sampled requests ("Examples of data protection",
      // https://docs.aws.amazon.com/waf/latest/developerguide/data-protection-examples.html).
      dataProtectionConfig: {
        dataProtections: [
          {
            field: { fieldType: 'BODY' },
            action: 'SUBSTITUTION',
            excludeRuleMatchDetails: false,
            excludeRateBasedDetails: false,
          },
        ],
      },
      // Keyed by block, not by code: two blocks may answer with the same envelope code.
      customResponseBodies: Object.fromEntries(
        Object.entries(WAF_BLOCK_RESPONSES).map(([block, response]) => [
          block,
          { contentType: 'APPLICATION_JSON', content: wafBlockBody(response) },
        ]),
      ),
    });

    new CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF only delivers to `aws-waf-logs-*` groups. The stack's own id makes the name unique per
    // stack, so a retained group never blocks re-creating the branch.
    const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `${WAF_LOG_GROUP_PREFIX}${this.webAclName}-${stackUuid}`,
      retention: retentionDays(settings.logRetentionDays),
      removalPolicy: statefulRemovalOf(settings).logs,
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // The bearer token never reaches the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
      // Allowed traffic is in the API access logs; WAF logs what it blocked or counted.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: LOGGED_ACTIONS.map((action) => ({ ActionCondition: { Action: action } })),
          },
        ],
      },
    });
  }

  /** Matches the allow-listed CIDRs (one IP set per address family), or undefined for none. */
  private allowListStatement(cidrs: readonly string[]): CfnWebACL.StatementProperty | undefined {
    const families = [
      { version: 'IPV4', cidrs: cidrs.filter((cidr) => !cidr.includes(':')) },
      { version: 'IPV6', cidrs: cidrs.filter((cidr) => cidr.includes(':')) },
    ].filter((family) => family.cidrs.length > 0);
    const statements = families.map((family): CfnWebACL.StatementProperty => {
      const set = new CfnIPSet(this, `AllowList${family.version}`, {
        scope: 'REGIONAL',
        ipAddressVersion: family.version,
        addresses: family.cidrs,
        description: 'Networks allowed to reach the ML Gateway API',
      });
      return { ipSetReferenceStatement: { arn: set.attrArn } };
    });
    if (statements.length <= 1) return statements[0];
    return { orStatement: { statements } };
  }
}

/** Block with a custom JSON answer carrying the primary origin's CORS header. */
function blockWith(block: WafBlock, origin: string): CfnWebACL.RuleActionProperty {
  const response: { status: number; headers?: Readonly<Record<string, string>> } =
    WAF_BLOCK_RESPONSES[block];
  const headers = {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Expose-Headers': 'Retry-After',
    ...response.headers,
  };
  return {
    block: {
      customResponse: {
        responseCode: response.status,
        customResponseBodyKey: block,
        responseHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })),
      },
    },
  };
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** A rule before its priority is set by its place in the list. */
type UnprioritizedRule = Omit<CfnWebACL.RuleProperty, 'priority'>;

function rule(
  name: string,
  action: CfnWebACL.RuleActionProperty,
  statement: CfnWebACL.StatementProperty,
): UnprioritizedRule {
  return { name, action, statement, visibilityConfig: visibility(name) };
}

/** An AWS managed rule group; `counted` rules only count (and label) instead of blocking. */
function managedRule(name: string, groupName: string, counted: string[] = []): UnprioritizedRule {
  return {
    name,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: groupName,
        ruleActionOverrides: counted.map((ruleName) => ({
          name: ruleName,
          actionToUse: { count: {} },
        })),
      },
    },
    visibilityConfig: visibility(name),
  };
}
