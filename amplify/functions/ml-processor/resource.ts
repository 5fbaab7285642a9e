import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';

import { retentionDays } from '../../api/log-retention.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';
import { ESM_FIRST_MAIN_FIELDS, ESM_REQUIRE_BANNER } from '../shared/esm-bundling.ts';

/** What differs between the four processor functions. */
interface ProcessorFunctionProps {
  /** Function (and Amplify resource) name. */
  readonly name: string;
  /** Entry file beside this one. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly upstreamTimeoutMs: number;
}

/**
 * The processor functions, one pair (buffered, streaming) per provider, from the settings
 * backend.ts loaded once (which also validates the catalog, once). Each bundles only its
 * provider's routes and SDK clients, and gets only its provider's IAM (MlProcessorPermissions).
 * Environment they share: endpoint overrides (`BEDROCK_ENDPOINT`, `SAGEMAKER_ENDPOINT`,
 * `S3_ENDPOINT`) stay unset in AWS; tests and local mode set them to the local model servers.
 * See docs/api.md, "Processor configuration".
 *
 * Defined as Amplify custom functions (`defineFunction(scope => NodejsFunction)`): the props form
 * of `defineFunction` accepts no esbuild option but `minify`, and these bundles need ES-module
 * resolution of the AWS SDK (bundling.ts). Everything else is what `defineFunction` sets: Node.js
 * 24, ESM, minified, source map, AWS SDK bundled, a log group with the environment's retention.
 */
export function defineMlProcessors(settings: EnvironmentSettings) {
  const environment = {
    MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
    ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
    POWERTOOLS_SERVICE_NAME: 'ml-processor',
    POWERTOOLS_METRICS_NAMESPACE: 'MLGateway',
    DEPLOYMENT_NAME: settings.deploymentName,
  };
  const processor = (props: ProcessorFunctionProps) =>
    defineFunction(
      (scope) =>
        new NodejsFunction(scope, `${props.name}-lambda`, {
          entry: fileURLToPath(new URL(props.entry, import.meta.url)),
          runtime: Runtime.NODEJS_24_X,
          timeout: Duration.seconds(props.timeoutSeconds),
          memorySize: 1024,
          environment: { ...environment, UPSTREAM_TIMEOUT_MS: String(props.upstreamTimeoutMs) },
          logGroup: new LogGroup(scope, `${props.name}-log-group`, {
            retention: retentionDays(settings.logRetentionDays),
            // Lambda's own log groups are deleted with the function too.
            removalPolicy: RemovalPolicy.DESTROY,
          }),
          bundling: {
            format: OutputFormat.ESM,
            bundleAwsSDK: true,
            minify: true,
            sourceMap: true,
            mainFields: [...ESM_FIRST_MAIN_FIELDS],
            banner: ESM_REQUIRE_BANNER,
          },
        }),
      { resourceGroupName: 'api' },
    );
  // API Gateway gives up at 29 s; the buffered functions answer 504 before that.
  const buffered = { timeoutSeconds: 30, upstreamTimeoutMs: 25_000 };
  // REST API response streaming allows up to 15 minutes.
  const streaming = { timeoutSeconds: 900, upstreamTimeoutMs: 840_000 };
  return {
    /** GET /ml/models, POST /ml/bedrock, the compatible model lists. */
    mlBedrockProcessor: processor({
      name: 'ml-bedrock-processor',
      entry: './bedrock-handler.ts',
      ...buffered,
    }),
    /** POST /ml/bedrock/stream, the OpenAI and Anthropic compatible chat paths. */
    mlBedrockStreamProcessor: processor({
      name: 'ml-bedrock-stream-processor',
      entry: './bedrock-stream-handler.ts',
      ...streaming,
    }),
    /** POST /ml/sagemaker (sync or async job), GET /ml/sagemaker/jobs/{jobId}. */
    mlSageMakerProcessor: processor({
      name: 'ml-sagemaker-processor',
      entry: './sagemaker-handler.ts',
      ...buffered,
    }),
    /** POST /ml/sagemaker/stream. */
    mlSageMakerStreamProcessor: processor({
      name: 'ml-sagemaker-stream-processor',
      entry: './sagemaker-stream-handler.ts',
      ...streaming,
    }),
  };
}
