import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

import { upstreamClientOptions } from './client-options.ts';
import type { ProcessorConfig } from './config.ts';

/**
 * The one SDK client the Bedrock functions call. Kept apart from `clients.ts` so their bundles
 * carry neither the SageMaker Runtime nor the S3 client.
 */
export interface BedrockClients {
  readonly bedrock: BedrockRuntimeClient;
}

/** Creates the Bedrock Runtime client; an endpoint override points it at the local server. */
export function createBedrockClients(config: ProcessorConfig): BedrockClients {
  const options = upstreamClientOptions(config);
  return { bedrock: new BedrockRuntimeClient(options(config.bedrockEndpoint)) };
}
