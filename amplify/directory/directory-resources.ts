import { Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import type { EnvironmentSettings } from '../settings/index.ts';
import { deletionProtectionOf, removalPolicyOf } from '../settings/removal-policy.ts';
import type { BackendFunction } from '../usage/usage-tables.ts';
import { DIRECTORY_TABLE, DIRECTORY_TABLE_ENV } from './directory-table-definition.ts';
import type { ScimSettings } from './scim-settings.ts';

/** Props of {@link DirectoryResources}. */
export interface DirectoryResourcesProps {
  /** Whether the table and the secret outlive the stack (`settings.removalPolicy`). */
  readonly removalPolicy: EnvironmentSettings['removalPolicy'];
}

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * What SCIM provisioning keeps: the directory table (users, groups, memberships: see
 * directory-table-definition.ts) and the secret holding the SHA-256 digests of the bearer
 * secrets Entra may present. The secret starts with no digest, so SCIM refuses every call
 * until an administrator stores one (docs/entra-id.md, "SCIM provisioning").
 */
export class DirectoryResources extends Construct {
  readonly table: Table;
  readonly tokenHashes: Secret;

  constructor(scope: Construct, id: string, props: DirectoryResourcesProps) {
    super(scope, id);
    const removalPolicy = removalPolicyOf(props);
    this.table = new Table(this, 'Directory', {
      partitionKey: stringKey(DIRECTORY_TABLE.partitionKey),
      sortKey: stringKey(DIRECTORY_TABLE.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Names and e-mail addresses: encrypted at rest with the AWS managed key for DynamoDB.
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: deletionProtectionOf(props),
      removalPolicy,
    });
    // Keys only: a user's groups are read by id, their names from the group items.
    this.table.addGlobalSecondaryIndex({
      indexName: DIRECTORY_TABLE.byMemberIndex.name,
      partitionKey: stringKey(DIRECTORY_TABLE.byMemberIndex.partitionKey),
      sortKey: stringKey(DIRECTORY_TABLE.byMemberIndex.sortKey),
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: DIRECTORY_TABLE.byKindIndex.name,
      partitionKey: stringKey(DIRECTORY_TABLE.byKindIndex.partitionKey),
      sortKey: stringKey(DIRECTORY_TABLE.byKindIndex.sortKey),
      projectionType: ProjectionType.ALL,
    });

    this.tokenHashes = new Secret(this, 'ScimTokenHashes', {
      description:
        'ML Gateway SCIM: SHA-256 digests of the bearer secrets Entra ID provisioning may present',
      // The stored form without any digest: nothing is accepted until one is put.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ sha256: [] }),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
      },
      removalPolicy,
    });
    Validations.of(this.tokenHashes).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds digests of a bearer secret that Entra ID keeps; a rotation is a new ' +
        'secret entered in Entra by an administrator (docs/entra-id.md), which a rotation ' +
        'Lambda cannot do.',
    });
  }

  /**
   * A function that decides on the directory (the authorizer, the processors, the usage API):
   * the table's name, `directoryAccess` (on/off, cache seconds), and the reads `currentAccess`
   * makes: GetItem (the userName claim, the user), BatchGetItem (the groups), Query on the
   * `byMember` index (the user's memberships). Nothing else of the table, no write.
   */
  connectAccessReader(fn: BackendFunction, access: EnvironmentSettings['directoryAccess']): void {
    fn.addEnvironment(DIRECTORY_TABLE_ENV, this.table.tableName);
    fn.addEnvironment('DIRECTORY_ACCESS', access.decisions);
    fn.addEnvironment('DIRECTORY_ACCESS_CACHE_SECONDS', String(access.cacheSeconds));
    const grantee = fn.resources.lambda;
    Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
      resourceArns: [this.table.tableArn],
    });
    Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [`${this.table.tableArn}/index/${DIRECTORY_TABLE.byMemberIndex.name}`],
    });
  }

  /**
   * Lets the SCIM function sign deprovisioned users out (session-revocation.ts): the pool's id in
   * its environment and `cognito-idp:AdminUserGlobalSignOut` on that one pool, nothing more.
   */
  connectSignOut(fn: BackendFunction, userPool: IUserPool): void {
    fn.addEnvironment('SIGN_OUT_USER_POOL_ID', userPool.userPoolId);
    Grant.addToPrincipal({
      grantee: fn.resources.lambda,
      actions: ['cognito-idp:AdminUserGlobalSignOut'],
      resourceArns: [userPool.userPoolArn],
    });
  }

  /**
   * Connects the SCIM function: the table's name and the secret's ARN in its environment, the
   * item reads and writes its store makes (transactions need PutItem and DeleteItem: "Using IAM
   * with DynamoDB transactions", docs.aws.amazon.com/amazondynamodb/latest/developerguide/
   * transaction-apis-iam.html), Query on the two indexes, and GetSecretValue on the one secret.
   */
  connectScimApi(fn: BackendFunction, settings: ScimSettings): void {
    fn.addEnvironment(DIRECTORY_TABLE_ENV, this.table.tableName);
    fn.addEnvironment('SCIM_TOKEN_SECRET_ARN', this.tokenHashes.secretArn);
    fn.addEnvironment('SCIM_TOKEN_CACHE_SECONDS', String(settings.tokenCacheSeconds));
    const grantee = fn.resources.lambda;
    Grant.addToPrincipal({
      grantee,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:Query',
      ],
      resourceArns: [this.table.tableArn],
    });
    Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [DIRECTORY_TABLE.byMemberIndex.name, DIRECTORY_TABLE.byKindIndex.name].map(
        (index) => `${this.table.tableArn}/index/${index}`,
      ),
    });
    Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [this.tokenHashes.secretArn],
    });
  }
}
