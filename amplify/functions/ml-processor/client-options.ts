import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { NodeHttpHandler } from '@smithy/node-http-handler';

import type { ProcessorConfig } from './config.ts';

/** Credentials for the local model servers, which do not check signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The configuration every upstream SDK client of one function shares (one keep-alive request
 * handler); an endpoint override points a client at a local model server.
 */
export function upstreamClientOptions(config: ProcessorConfig) {
  // HTTP/1.1 with keep-alive for every client: ConverseStream works over it, and the local
  // servers need not speak HTTP/2 (the Bedrock client's default handler is HTTP/2).
  const requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true }),
    httpsAgent: new HttpsAgent({ keepAlive: true }),
    requestTimeout: config.upstreamTimeoutMs,
  });
  return (endpoint: string | undefined) => ({
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
}
