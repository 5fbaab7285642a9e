import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ProcessorConfig } from './config.ts';

/** The AWS SDK clients the processor calls, built once per execution environment. */
export interface UpstreamClients {
  readonly bedrock: BedrockRuntimeClient;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly s3: S3Client;
}

/** Credentials for the local model servers, which do not check signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Creates the clients; endpoint overrides point them at the local model servers. */
export function createClients(config: ProcessorConfig): UpstreamClients {
  // HTTP/1.1 with keep-alive for every client: ConverseStream works over it, and the local
  // servers need not speak HTTP/2 (the Bedrock client's default handler is HTTP/2).
  const requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true }),
    httpsAgent: new HttpsAgent({ keepAlive: true }),
    requestTimeout: config.upstreamTimeoutMs,
  });
  const common = (endpoint: string | undefined) => ({
    region: config.region,
    maxAttempts: config.upstreamMaxAttempts,
    requestHandler,
    ...(endpoint
      ? {
          endpoint,
          ...(process.env['AWS_ACCESS_KEY_ID'] ? {} : { credentials: LOCAL_CREDENTIALS }),
        }
      : {}),
  });
  return {
    bedrock: new BedrockRuntimeClient(common(config.bedrockEndpoint)),
    sagemaker: new SageMakerRuntimeClient(common(config.sagemakerEndpoint)),
    s3: new S3Client({ ...common(config.s3Endpoint), forcePathStyle: !!config.s3Endpoint }),
  };
}
