import { Duration } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import type { EnvironmentName, EnvironmentSettings } from '../settings/index.ts';
import { deletionProtectionOf, removalPolicyOf } from '../settings/removal-policy.ts';
import { CONVERSATIONS_TABLE, TABLE_ENV, TTL_ATTRIBUTE, USAGE_TABLE } from './table-definitions.ts';
import type { UsageSettings } from './usage-settings.ts';

export interface UsageTablesProps {
  readonly environment: EnvironmentName;
  /** Whether the tables and their key outlive the stack (`settings.removalPolicy`). */
  readonly removalPolicy: EnvironmentSettings['removalPolicy'];
  readonly settings: UsageSettings;
}

/** A string key attribute (every table and index key here is a string). */
const stringKey = (name: string): Attribute => ({ name, type: AttributeType.STRING });

/** The part of an Amplify `defineFunction` resource (`backend.<name>`) the grants need. */
export interface BackendFunction {
  readonly resources: { readonly lambda: IFunction };
  addEnvironment(key: string, value: string): void;
}

/**
 * The usage (counters and per-call records) and conversation tables: on-demand, point-in-time
 * recovery, TTL on `expiresAt`, encrypted with one customer-managed KMS key.
 *
 * Why a customer-managed key: conversations hold what users typed. A key the company owns gives
 * a key policy it controls, a CloudTrail entry for every use, and a way to make all history
 * unreadable at once by disabling the key; an AWS-owned key offers none of these.
 */
export class UsageTables extends Construct {
  readonly key: Key;
  readonly usage: Table;
  readonly conversations: Table;
  readonly #settings: UsageSettings;

  constructor(scope: Construct, id: string, props: UsageTablesProps) {
    super(scope, id);
    this.#settings = props.settings;
    const sandbox = props.environment === 'sandbox';
    // Sandboxes and dev branches are disposable; staging and prod keep their data (settings).
    const removalPolicy = removalPolicyOf(props);

    this.key = new Key(this, 'Key', {
      description: 'ML Gateway usage records and conversation history',
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(sandbox ? 7 : 30),
    });

    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: deletionProtectionOf(props),
      removalPolicy,
    };

    this.usage = new Table(this, 'Usage', {
      ...common,
      partitionKey: stringKey(USAGE_TABLE.partitionKey),
      sortKey: stringKey(USAGE_TABLE.sortKey),
    });
    this.usage.addGlobalSecondaryIndex({
      indexName: USAGE_TABLE.byDayIndex.name,
      partitionKey: stringKey(USAGE_TABLE.byDayIndex.partitionKey),
      sortKey: stringKey(USAGE_TABLE.byDayIndex.sortKey),
      projectionType: ProjectionType.ALL,
    });
    // Sparse: only hold items carry its keys, so the sweeper reads calls in flight, nothing else.
    this.usage.addGlobalSecondaryIndex({
      indexName: USAGE_TABLE.byHoldExpiryIndex.name,
      partitionKey: stringKey(USAGE_TABLE.byHoldExpiryIndex.partitionKey),
      sortKey: stringKey(USAGE_TABLE.byHoldExpiryIndex.sortKey),
      projectionType: ProjectionType.ALL,
    });

    this.conversations = new Table(this, 'Conversations', {
      ...common,
      partitionKey: stringKey(CONVERSATIONS_TABLE.partitionKey),
      sortKey: stringKey(CONVERSATIONS_TABLE.sortKey),
    });
    this.conversations.addLocalSecondaryIndex({
      indexName: CONVERSATIONS_TABLE.byUpdatedIndex.name,
      sortKey: stringKey(CONVERSATIONS_TABLE.byUpdatedIndex.sortKey),
      projectionType: ProjectionType.ALL,
    });
  }

  /**
   * Connects a model-calling function to the usage ledger: the table name (which turns budget
   * enforcement on) and the writes its transactions make (counters, hold, record), nothing else.
   */
  connectLedger(fn: BackendFunction): void {
    this.#connectWriter(fn);
    fn.addEnvironment('USAGE_HOLD_SECONDS', String(this.#settings.holdMinutes * 60));
  }

  /**
   * Connects the usage sweeper: the ledger's writes, and Query on exactly the index of
   * expired holds.
   */
  connectSweeper(fn: BackendFunction): void {
    this.#connectWriter(fn);
    this.#allow(
      fn.resources.lambda,
      ['dynamodb:Query'],
      [`${this.usage.tableArn}/index/${USAGE_TABLE.byHoldExpiryIndex.name}`],
    );
  }

  // A transaction's Put, Update and Delete need PutItem, UpdateItem and DeleteItem ("Using IAM
  // with DynamoDB transactions", docs.aws.amazon.com/amazondynamodb/latest/developerguide/
  // transaction-apis-iam.html); the ledger uses no ConditionCheck.
  #connectWriter(fn: BackendFunction): void {
    fn.addEnvironment(TABLE_ENV.usage, this.usage.tableName);
    fn.addEnvironment('USAGE_RETENTION_DAYS', String(this.#settings.usageRetentionDays));
    this.#allow(
      fn.resources.lambda,
      ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      [this.usage.tableArn],
    );
    this.#allowKey(fn.resources.lambda);
  }

  /** Connects the usage API: read usage; read and change conversations. */
  connectUsageApi(fn: BackendFunction): void {
    fn.addEnvironment(TABLE_ENV.usage, this.usage.tableName);
    fn.addEnvironment(TABLE_ENV.conversations, this.conversations.tableName);
    const grantee = fn.resources.lambda;
    this.#allow(
      grantee,
      ['dynamodb:GetItem', 'dynamodb:Query'],
      [this.usage.tableArn, `${this.usage.tableArn}/index/${USAGE_TABLE.byDayIndex.name}`],
    );
    this.#allow(
      grantee,
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      [this.conversations.tableArn],
    );
    this.#allow(
      grantee,
      ['dynamodb:Query'],
      [`${this.conversations.tableArn}/index/${CONVERSATIONS_TABLE.byUpdatedIndex.name}`],
    );
    this.#allowKey(grantee);
  }

  // Named actions and ARNs only (no wildcards): least privilege, and nothing for cdk-nag to waive.
  #allow(grantee: IGrantable, actions: string[], resourceArns: string[]): void {
    Grant.addToPrincipal({ grantee, actions, resourceArns });
  }

  /** What DynamoDB needs from the caller to read and write items under the table key. */
  #allowKey(grantee: IGrantable): void {
    this.#allow(grantee, KEY_ACTIONS, [this.key.keyArn]);
  }
}

const KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];
