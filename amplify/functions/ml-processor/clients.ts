import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

import type { BedrockClients } from './bedrock-clients.ts';
import { upstreamClientOptions } from './client-options.ts';
import type { ProcessorConfig } from './config.ts';

/**
 * Every SDK client the processor calls, as the SageMaker functions build them: SageMaker
 * Runtime, S3 for async jobs, and Bedrock Runtime for ApplyGuardrail on endpoint inputs and
 * outputs. The Bedrock functions build only `BedrockClients` (`bedrock-clients.ts`).
 */
export interface UpstreamClients extends BedrockClients {
  readonly sagemaker: SageMakerRuntimeClient;
  readonly s3: S3Client;
}

/** Creates the clients; endpoint overrides point them at the local model servers. */
export function createClients(config: ProcessorConfig): UpstreamClients {
  const options = upstreamClientOptions(config);
  return {
    bedrock: new BedrockRuntimeClient(options(config.bedrockEndpoint)),
    sagemaker: new SageMakerRuntimeClient(options(config.sagemakerEndpoint)),
    s3: new S3Client({ ...options(config.s3Endpoint), forcePathStyle: !!config.s3Endpoint }),
  };
}
