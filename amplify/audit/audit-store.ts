import { Duration, Names, NestedStack, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type LifecycleRule,
  ObjectLockRetention,
} from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

import type { AuditSettings } from '../settings/audit.ts';
import type { EnvironmentSettings } from '../settings/index.ts';
import { deletionProtectionOf, removalPolicyOf } from '../settings/removal-policy.ts';
import type { BackendFunction } from '../usage/usage-tables.ts';
import { retentionPrefix } from './chain.ts';
import { retentionClasses } from './policy.ts';
import { AUDIT_ENCRYPTION_CONTEXT, AUDIT_ENV, AUDIT_TABLE } from './table.ts';

export interface AuditStoreProps {
  /** Whether the store outlives the stack (`settings.removalPolicy`). */
  readonly removalPolicy: EnvironmentSettings['removalPolicy'];
  readonly settings: AuditSettings;
}

/**
 * The audit trail's storage: the bucket of record objects (versioned, SSE-KMS, public access
 * blocked, TLS only, Object Lock where the settings say, one lifecycle rule per retention class),
 * the table of chain heads and record index (TTL), and the KMS key of the bucket and of captured
 * content. Functions get exactly what they use through `connectWriter` and `connectReader`.
 */
export class AuditStore extends Construct {
  readonly key: Key;
  readonly bucket: Bucket;
  readonly table: Table;
  readonly #settings: AuditSettings;

  constructor(scope: Construct, id: string, props: AuditStoreProps) {
    super(scope, id);
    this.#settings = props.settings;
    const removalPolicy = removalPolicyOf(props);
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    const lock = props.settings.objectLock;

    this.key = new Key(this, 'Key', {
      description: 'ML Gateway audit records and captured content',
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(destroy ? 7 : 30),
    });

    this.bucket = new Bucket(this, 'Records', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket for a while instead of a KMS call per object.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // Object Lock needs versioning and is chosen when the bucket is created
      // ("AWS::S3::Bucket ObjectLockConfiguration" and "DefaultRetention", CloudFormation User
      // Guide, docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
      // aws-properties-s3-bucket-objectlockconfiguration.html: Mode and Days both required).
      ...(lock !== 'off'
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention:
              lock.mode === 'COMPLIANCE'
                ? ObjectLockRetention.compliance(Duration.days(lock.days))
                : ObjectLockRetention.governance(Duration.days(lock.days)),
          }
        : {}),
      lifecycleRules: retentionClasses(props.settings.policy).map((days): LifecycleRule => ({
        id: `retain-${days}-days`,
        prefix: retentionPrefix(days),
        // A record of day D is kept `days` after the end of D (trail.ts, expiryOf).
        expiration: Duration.days(days + 1),
        // Versioned: the expired version goes a day later, once no lock holds it.
        noncurrentVersionExpiration: Duration.days(1),
        expiredObjectDeleteMarker: false,
      })),
      removalPolicy,
      // A deleted sandbox or feature branch leaves no bucket behind (no lock there: settings).
      autoDeleteObjects: destroy && lock === 'off',
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The audit bucket is itself the access record: every object is a hash-chained audit ' +
        'record that the verifier checks; S3 server access logs would need a further bucket.',
    });

    this.table = new Table(this, 'Chains', {
      partitionKey: { name: AUDIT_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: AUDIT_TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Metadata only (never content): the AWS managed key, so readers need no key grant.
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: AUDIT_TABLE.ttlAttribute,
      deletionProtection: deletionProtectionOf(props),
      removalPolicy,
    });
  }

  /**
   * Connects a function that writes audit records: the settings, and moving chain heads
   * (GetItem, and PutItem in a transaction: "Using IAM with DynamoDB transactions",
   * docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html), putting
   * record objects under `records/` (SSE-KMS and content capture: GenerateDataKey), nothing else.
   */
  connectWriter(fn: BackendFunction): void {
    fn.addEnvironment(AUDIT_ENV.table, this.table.tableName);
    fn.addEnvironment(AUDIT_ENV.bucket, this.bucket.bucketName);
    fn.addEnvironment(AUDIT_ENV.keyId, this.key.keyArn);
    fn.addEnvironment(AUDIT_ENV.policy, JSON.stringify(this.#settings.policy));
    const grantee = fn.resources.lambda;
    this.#allow(grantee, ['dynamodb:GetItem', 'dynamodb:PutItem'], [this.table.tableArn]);
    this.#allow(grantee, ['s3:PutObject'], [this.bucket.arnForObjects('records/*')]);
    this.#allow(grantee, ['kms:GenerateDataKey'], [this.key.keyArn]);
    if (grantee.role)
      Validations.of(grantee.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.#bucketArnAsSeenFrom(grantee)}>/records/*]`,
        reason:
          'Audit record objects are named by chain and sequence number as they are written; ' +
          'the wildcard covers only the records/ prefix of the audit bucket, for PutObject ' +
          '(writers) and GetObject (the content reader).',
      });
  }

  /**
   * How cdk-nag names the bucket's ARN in the grantee's policy: `Logical.Arn` in the same stack,
   * or the parameter CloudFormation passes a nested stack's output through
   * (`referenceto<nested stack resource>Outputs<bucket>Arn`, built from construct unique ids).
   */
  #bucketArnAsSeenFrom(grantee: IConstruct): string {
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    const producer = Stack.of(this.bucket);
    if (producer === Stack.of(grantee)) return `${producer.getLogicalId(cfnBucket)}.Arn`;
    const nested = NestedStack.isNestedStack(producer) ? producer.nestedStackResource : undefined;
    if (!nested)
      throw new Error('The audit store is in a stack that is neither the function’s nor nested');
    return `referenceto${Names.uniqueId(nested)}Outputs${Names.uniqueId(cfnBucket)}Arn`;
  }

  /**
   * Connects the function that serves administrators' reason-recorded content reads (it must
   * also be a writer: the read is audited first): GetObject on `records/*`, and kms:Decrypt on
   * the audit key only under the two encryption contexts it meets. Captured content's data keys
   * carry `purpose=ml-gateway-audit` (capture.ts); the condition key
   * `kms:EncryptionContext:<key>` matches it ("Encryption context", AWS KMS Developer Guide,
   * docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html). S3 decrypts the
   * SSE-KMS record objects for GetObject with the caller's permission; with an S3 Bucket Key
   * their context is the bucket's ARN, not the object's ("Configuring your bucket to use an S3
   * Bucket Key with SSE-KMS for new objects", docs.aws.amazon.com/AmazonS3/latest/userguide/
   * configuring-bucket-key.html), and only through S3 (`kms:ViaService`).
   */
  connectContentReader(fn: BackendFunction): void {
    const grantee = fn.resources.lambda;
    this.#allow(grantee, ['s3:GetObject'], [this.bucket.arnForObjects('records/*')]);
    grantee.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:purpose': AUDIT_ENCRYPTION_CONTEXT.purpose },
        },
      }),
    );
    grantee.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:aws:s3:arn': this.bucket.bucketArn,
            'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com`,
          },
        },
      }),
    );
  }

  /** Connects a function that lists record metadata: Query on the table, nothing else. */
  connectReader(fn: BackendFunction): void {
    fn.addEnvironment(AUDIT_ENV.table, this.table.tableName);
    this.#allow(fn.resources.lambda, ['dynamodb:Query'], [this.table.tableArn]);
  }

  // Named actions and ARNs only (no wildcards but the records prefix): least privilege.
  #allow(grantee: IGrantable, actions: string[], resourceArns: string[]): void {
    Grant.addToPrincipal({ grantee, actions, resourceArns });
  }
}
