import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

import type { EnvironmentSettings } from '../../settings/index.ts';
import { deletionProtectionOf, removalPolicyOf } from '../../settings/removal-policy.ts';
import type { BackendFunction } from '../../usage/usage-tables.ts';
import type { GroupMappingSettings } from './group-mapping-settings.ts';
import { GROUP_MAPPING_ENV, GROUP_MAPPING_TABLE } from './group-mapping-table-definition.ts';

/** Props of {@link GroupMappingResources}. */
export interface GroupMappingResourcesProps {
  /** Whether the table outlives the stack (`settings.removalPolicy`). */
  readonly removalPolicy: EnvironmentSettings['removalPolicy'];
  /** How long readers keep the mapping they read. */
  readonly settings: GroupMappingSettings;
}

/**
 * The group-mapping table administrators edit (group-mapping-table-definition.ts): one item,
 * read by the pre-token trigger (and any directory reader), replaced by the usage API. Each
 * function gets exactly the item actions it makes on this one table.
 */
export class GroupMappingResources extends Construct {
  readonly table: Table;
  readonly #settings: GroupMappingSettings;

  constructor(scope: Construct, id: string, props: GroupMappingResourcesProps) {
    super(scope, id);
    this.#settings = props.settings;
    this.table = new Table(this, 'GroupMapping', {
      partitionKey: { name: GROUP_MAPPING_TABLE.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      // Who gets which group: an edit gone wrong can be rolled back to any second.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: deletionProtectionOf(props),
      removalPolicy: removalPolicyOf(props),
    });
  }

  /** A reader (the pre-token trigger): the table's name, the cache setting and GetItem only. */
  connectReader(fn: BackendFunction): void {
    this.#environment(fn);
    this.#grant(fn, ['dynamodb:GetItem']);
  }

  /**
   * The editor (the usage API): GetItem and PutItem; PutItem's condition on the version keeps a
   * stale edit out ("Condition expressions", docs.aws.amazon.com/amazondynamodb/latest/
   * developerguide/Expressions.ConditionExpressions.html).
   */
  connectEditor(fn: BackendFunction): void {
    this.#environment(fn);
    this.#grant(fn, ['dynamodb:GetItem', 'dynamodb:PutItem']);
  }

  #environment(fn: BackendFunction): void {
    fn.addEnvironment(GROUP_MAPPING_ENV.table, this.table.tableName);
    fn.addEnvironment(GROUP_MAPPING_ENV.cacheSeconds, String(this.#settings.cacheSeconds));
  }

  #grant(fn: BackendFunction, actions: string[]): void {
    Grant.addToPrincipal({
      grantee: fn.resources.lambda,
      actions,
      resourceArns: [this.table.tableArn],
    });
  }
}
