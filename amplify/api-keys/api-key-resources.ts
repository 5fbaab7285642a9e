import { Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import type { EnvironmentSettings } from '../settings/index.ts';
import { deletionProtectionOf, removalPolicyOf } from '../settings/removal-policy.ts';
import type { BackendFunction } from '../usage/usage-tables.ts';
import { API_KEY_ENV, API_KEY_TABLE } from './api-key-table-definition.ts';

/** Props of {@link ApiKeyResources}. */
export interface ApiKeyResourcesProps {
  /** Removal policy, deletion protection and the key settings (`apiKeys`). */
  readonly settings: EnvironmentSettings;
}

const stringKey = (name: string): Attribute => ({ name, type: AttributeType.STRING });

/**
 * Personal API keys (docs/programmatic-access.md): the key table and the Secrets Manager secret
 * whose string is the HMAC key the keys are stored under. The authorizer may only read and
 * touch keys, read the secret and list a user's groups; the usage API manages keys.
 */
export class ApiKeyResources extends Construct {
  readonly table: Table;
  readonly secret: Secret;
  readonly #settings: EnvironmentSettings;

  constructor(scope: Construct, id: string, props: ApiKeyResourcesProps) {
    super(scope, id);
    this.#settings = props.settings;
    const removalPolicy = removalPolicyOf(props.settings);
    this.table = new Table(this, 'Keys', {
      partitionKey: stringKey(API_KEY_TABLE.partitionKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Items hold HMACs, never a key: the table needs no key of its own.
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: API_KEY_TABLE.ttlAttribute,
      deletionProtection: deletionProtectionOf(props.settings),
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: API_KEY_TABLE.byOwnerIndex.name,
      partitionKey: stringKey(API_KEY_TABLE.byOwnerIndex.partitionKey),
      sortKey: stringKey(API_KEY_TABLE.byOwnerIndex.sortKey),
      projectionType: ProjectionType.ALL,
    });
    this.secret = new Secret(this, 'HmacSecret', {
      description: 'ML Gateway: HMAC key that personal API keys are stored under',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key would invalidate every API key at once; keys expire instead ' +
        '(at most apiKeys.maxExpiryDays), and only the authorizer and usage API may read it.',
    });
  }

  /**
   * The authorizer: the table and secret names, `dynamodb:GetItem`/`UpdateItem` on the table,
   * `secretsmanager:GetSecretValue` on the secret, `cognito-idp:AdminListGroupsForUser` on the
   * pool (the owner's current groups), nothing more.
   */
  connectAuthorizer(fn: BackendFunction, userPool: IUserPool): void {
    this.#environment(fn);
    const grantee = fn.resources.lambda;
    allow(grantee, ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [this.table.tableArn]);
    allow(grantee, ['secretsmanager:GetSecretValue'], [this.secret.secretArn]);
    allow(grantee, ['cognito-idp:AdminListGroupsForUser'], [userPool.userPoolArn]);
  }

  /** The usage API: create, list (own by index, all by scan) and revoke keys; the key settings. */
  connectUsageApi(fn: BackendFunction): void {
    this.#environment(fn);
    const { apiKeys } = this.#settings;
    fn.addEnvironment('API_KEYS_DEFAULT_EXPIRY_DAYS', String(apiKeys.defaultExpiryDays));
    fn.addEnvironment('API_KEYS_MAX_EXPIRY_DAYS', String(apiKeys.maxExpiryDays));
    fn.addEnvironment('API_KEYS_MAX_PER_USER', String(apiKeys.maxKeysPerUser));
    // It re-checks a key's revocation itself (caller-recheck.ts), with the GetItem below.
    fn.addEnvironment('API_KEYS_STATUS_CACHE_SECONDS', String(apiKeys.statusCacheSeconds));
    const grantee = fn.resources.lambda;
    allow(
      grantee,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan'],
      [this.table.tableArn],
    );
    allow(
      grantee,
      ['dynamodb:Query'],
      [`${this.table.tableArn}/index/${API_KEY_TABLE.byOwnerIndex.name}`],
    );
    allow(grantee, ['secretsmanager:GetSecretValue'], [this.secret.secretArn]);
  }

  /**
   * A function that re-checks a key's revocation itself (the processors): the
   * table's name, the status cache (`apiKeys.statusCacheSeconds`) and `dynamodb:GetItem` on the
   * table, nothing more (caller-recheck.ts says why the functions read it).
   */
  connectStatusReader(fn: BackendFunction): void {
    fn.addEnvironment(API_KEY_ENV.table, this.table.tableName);
    fn.addEnvironment(
      'API_KEYS_STATUS_CACHE_SECONDS',
      String(this.#settings.apiKeys.statusCacheSeconds),
    );
    allow(fn.resources.lambda, ['dynamodb:GetItem'], [this.table.tableArn]);
  }

  #environment(fn: BackendFunction): void {
    fn.addEnvironment(API_KEY_ENV.table, this.table.tableName);
    fn.addEnvironment(API_KEY_ENV.secretArn, this.secret.secretArn);
  }
}

// Named actions and ARNs only (no wildcards): least privilege, and nothing for cdk-nag to waive.
function allow(grantee: IGrantable, actions: string[], resourceArns: string[]): void {
  Grant.addToPrincipal({ grantee, actions, resourceArns });
}
