import { Aws, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

import {
  type CatalogEntry,
  isInferenceProfile,
  profileFoundationModel,
  type SageMakerEndpoint,
  type SageMakerMode,
} from '../catalog.ts';
import { guardrailArns } from '../guardrails/guardrail-arns.ts';
import { type GuardrailPolicy, policiesByName } from '../guardrails/policies.ts';

/** One provider's pair of processor functions. */
export interface ProviderFunctions {
  /** Serves the provider's buffered routes. */
  readonly buffered: IFunction;
  /** Serves the provider's streaming routes. */
  readonly streaming: IFunction;
}

/** Props of {@link MlProcessorPermissions}; every one is required. */
export interface MlProcessorPermissionsProps {
  /** Bedrock functions: Converse (buffered) and ConverseStream (streaming) only. */
  readonly bedrock: ProviderFunctions;
  /**
   * SageMaker functions: InvokeEndpoint, InvokeEndpointAsync and async S3 I/O (buffered),
   * InvokeEndpointWithResponseStream (streaming) only.
   */
  readonly sagemaker: ProviderFunctions;
  /** The catalog's entries, already validated once by backend.ts; local ones (local/) never come here. */
  readonly entries: readonly CatalogEntry[];
  /** The guardrail policies the entries name. @default the catalog's (`GUARDRAIL_POLICIES`) */
  readonly policies?: ReadonlyMap<string, GuardrailPolicy>;
}

const SAGEMAKER_ACTION: Record<SageMakerMode, string> = {
  sync: 'sagemaker:InvokeEndpoint',
  streaming: 'sagemaker:InvokeEndpointWithResponseStream',
  async: 'sagemaker:InvokeEndpointAsync',
};

/** Which function calls each mode. */
const STREAMING_MODES: readonly SageMakerMode[] = ['streaming'];

/**
 * Least-privilege IAM for the ML processor, derived from the catalog: Bedrock invoke actions on
 * exactly the catalog's foundation-model and inference-profile ARNs (plus the foundation model
 * in every region a cross-region profile routes to), each SageMaker endpoint's invoke action
 * for its mode only, and S3 on the async endpoints' own prefixes. No model action gets `*`.
 * Each provider's functions get only that provider's actions (the Bedrock ones no SageMaker or
 * S3 action, the SageMaker ones no Bedrock model), each streaming function only the streaming
 * action, each buffered one only the others.
 */
export class MlProcessorPermissions extends Construct {
  constructor(scope: Construct, id: string, props: MlProcessorPermissionsProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const account = Stack.of(this).account;
    const partition = Aws.PARTITION;
    const bedrockBuffered: PolicyStatement[] = [];
    const bedrockStreaming: PolicyStatement[] = [];
    const sagemakerBuffered: PolicyStatement[] = [];
    const sagemakerStreaming: PolicyStatement[] = [];

    const arnsOf = (entry: CatalogEntry) => {
      if (entry.provider !== 'bedrock') return [];
      if (!isInferenceProfile(entry.modelId))
        return [`arn:${partition}:bedrock:${region}::foundation-model/${entry.modelId}`];
      const foundation = profileFoundationModel(entry.modelId);
      return [
        `arn:${partition}:bedrock:${region}:${account}:inference-profile/${entry.modelId}`,
        ...(entry.profileRegions ?? []).map(
          (profileRegion) =>
            `arn:${partition}:bedrock:${profileRegion}::foundation-model/${foundation}`,
        ),
      ];
    };
    const bedrockArns = props.entries.flatMap(arnsOf);
    // Embedding models are only invoked (buffered), never streamed.
    const streamedArns = props.entries.flatMap((entry) =>
      entry.provider === 'bedrock' && entry.embedding ? [] : arnsOf(entry),
    );
    if (bedrockArns.length > 0) {
      const resources = [...new Set(bedrockArns)];
      // Converse needs InvokeModel; ConverseStream needs InvokeModelWithResponseStream.
      bedrockBuffered.push(
        new PolicyStatement({
          sid: 'InvokeCatalogBedrockModels',
          actions: ['bedrock:InvokeModel'],
          resources,
        }),
      );
      bedrockStreaming.push(
        new PolicyStatement({
          sid: 'StreamCatalogBedrockModels',
          actions: ['bedrock:InvokeModelWithResponseStream'],
          resources: [...new Set(streamedArns)],
        }),
      );
    }

    // Each Bedrock guardrail a deployed entry's policy names, for Converse's guardrailConfig and
    // ApplyGuardrail alike (guardrail-arns.ts); both functions call models under a policy.
    const guardrails = guardrailArns(props.entries, props.policies ?? policiesByName(), {
      partition,
      region,
      account,
    });
    if (guardrails.length > 0)
      for (const [list, sid] of [
        [bedrockBuffered, 'ApplyCatalogGuardrailsBedrock'],
        [bedrockStreaming, 'ApplyCatalogGuardrailsBedrockStreaming'],
        [sagemakerBuffered, 'ApplyCatalogGuardrailsSageMaker'],
        [sagemakerStreaming, 'ApplyCatalogGuardrailsSageMakerStreaming'],
      ] as const)
        list.push(
          new PolicyStatement({ sid, actions: ['bedrock:ApplyGuardrail'], resources: guardrails }),
        );

    const endpoints = props.entries.filter(
      (entry): entry is SageMakerEndpoint => entry.provider === 'sagemaker',
    );
    for (const mode of ['sync', 'streaming', 'async'] as const) {
      const names = endpoints.filter((entry) => entry.mode === mode).map((e) => e.endpointName);
      if (names.length === 0) continue;
      (STREAMING_MODES.includes(mode) ? sagemakerStreaming : sagemakerBuffered).push(
        new PolicyStatement({
          sid: `InvokeCatalogSageMaker${mode[0]!.toUpperCase()}${mode.slice(1)}Endpoints`,
          actions: [SAGEMAKER_ACTION[mode]],
          // SageMaker endpoint ARNs use the lower-cased name.
          resources: names.map(
            (name) =>
              `arn:${partition}:sagemaker:${region}:${account}:endpoint/${name.toLowerCase()}`,
          ),
        }),
      );
    }

    const asyncIo = endpoints.flatMap((entry) => (entry.asyncIo ? [entry.asyncIo] : []));
    if (asyncIo.length > 0) {
      const object = (bucket: string, prefix: string) =>
        `arn:${partition}:s3:::${bucket}/${prefix}/*`;
      sagemakerBuffered.push(
        new PolicyStatement({
          sid: 'AsyncInferenceInputs',
          // Inputs and the processor's job records.
          actions: ['s3:PutObject', 's3:GetObject'],
          resources: asyncIo.map((io) => object(io.bucket, io.inputPrefix)),
        }),
        new PolicyStatement({
          sid: 'AsyncInferenceOutputs',
          actions: ['s3:GetObject'],
          resources: asyncIo.map((io) => object(io.bucket, io.outputPrefix)),
        }),
      );
      // Listing exactly one key tells a missing job record or output from a real denial: S3
      // answers GetObject of a missing key with 403 unless the caller has s3:ListBucket, and this
      // grant's s3:prefix condition holds only for list requests (Service Authorization
      // Reference, "Actions, resources, and condition keys for Amazon S3": s3:prefix applies to
      // ListBucket, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
      for (const [index, io] of asyncIo.entries())
        sagemakerBuffered.push(
          new PolicyStatement({
            sid: `ListAsyncInferencePrefixes${index}`,
            actions: ['s3:ListBucket'],
            resources: [`arn:${partition}:s3:::${io.bucket}`],
            conditions: {
              StringLike: { 's3:prefix': [`${io.inputPrefix}/*`, `${io.outputPrefix}/*`] },
            },
          }),
        );
    }

    const grant = (fn: IFunction, statements: readonly PolicyStatement[]) => {
      for (const statement of statements) fn.addToRolePolicy(statement);
    };
    grant(props.bedrock.buffered, bedrockBuffered);
    grant(props.bedrock.streaming, bedrockStreaming);
    grant(props.sagemaker.buffered, sagemakerBuffered);
    grant(props.sagemaker.streaming, sagemakerStreaming);
    const asyncRole = props.sagemaker.buffered.role;
    if (asyncRole)
      for (const io of asyncIo)
        for (const prefix of [io.inputPrefix, io.outputPrefix])
          Validations.of(asyncRole).acknowledge({
            id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${io.bucket}/${prefix}/*]`,
            reason:
              'Async inference objects get generated names (job ids, SageMaker output ids) ' +
              'under this one catalog prefix; the wildcard covers only that prefix.',
          });
  }
}
