import { fileURLToPath } from 'node:url';

import { defineFunction } from '@aws-amplify/backend';
import { Duration } from 'aws-cdk-lib';

import type { EnvironmentSettings } from '../../settings/index.ts';
import { esmFunction } from '../shared/esm-function.ts';

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
 * Defined as Amplify custom functions bundled with ES-module resolution of the AWS SDK
 * (`shared/esm-function.ts`).
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
        esmFunction(scope, props.name, {
          entry: fileURLToPath(new URL(props.entry, import.meta.url)),
          timeout: Duration.seconds(props.timeoutSeconds),
          memorySize: 1024,
          environment: { ...environment, UPSTREAM_TIMEOUT_MS: String(props.upstreamTimeoutMs) },
          logRetentionDays: settings.logRetentionDays,
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
