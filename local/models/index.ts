/**
 * Local model servers for tests and local mode: one HTTP/1.1 server on 127.0.0.1 speaking
 * Bedrock Runtime (Converse, ConverseStream), SageMaker Runtime (InvokeEndpoint JSON and CSV,
 * InvokeEndpointWithResponseStream, InvokeEndpointAsync) and enough S3 (path-style Put, Get,
 * Head) for async inference, so the unchanged SDK clients work with an endpoint override.
 * The models served are LOCAL_CATALOG (local-catalog.ts, behaviour in models.ts); faults are
 * injected with `[[fault:<name>]]` in the last user message of a Converse request or anywhere in
 * a SageMaker body (see FAULTS).
 *
 *   const models = await startLocalModels();      // port 0: any free port
 *   // BEDROCK_ENDPOINT=models.bedrockUrl SAGEMAKER_ENDPOINT=models.sagemakerUrl S3_ENDPOINT=models.s3Url
 *   await models.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { CatalogEntry, SageMakerEndpoint } from '../../amplify/catalog.ts';
import type { ModelAttachments } from '../../amplify/catalog-attachments.ts';
import { serveBedrock } from './bedrock-runtime.ts';
import { LOCAL_CATALOG } from './local-catalog.ts';
import { LOCAL_PRICE_BOOK } from './local-prices.ts';
import { ObjectStore } from './object-store.ts';
import { serveSageMaker } from './sagemaker-runtime.ts';
import { emptyStats, type LocalModelStats } from './stats.ts';
import { sendAwsError } from './wire.ts';

export { type Fault, FAULTS } from './models.ts';
export type { LocalModelStats } from './stats.ts';

/** A running set of local model servers. */
export interface LocalModels {
  /** Base URL of the server (all three services share it). */
  readonly url: string;
  readonly bedrockUrl: string;
  readonly sagemakerUrl: string;
  readonly s3Url: string;
  /** The environment the processor needs to use these servers. */
  readonly env: Record<string, string>;
  readonly stats: LocalModelStats;
  readonly store: ObjectStore;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

export interface LocalModelsOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * The models the server answers (the processors' `MODEL_CATALOG` stays local mode's); a
   * Bedrock model that is not one of the local ones answers as `local.echo` does.
   * @default LOCAL_CATALOG
   */
  readonly serves?: readonly CatalogEntry[];
}

/** Starts the local model servers. */
export async function startLocalModels({
  port = 0,
  serves: local = LOCAL_CATALOG,
}: LocalModelsOptions = {}): Promise<LocalModels> {
  const bedrockModels = new Set(
    local.flatMap((entry) =>
      entry.provider === 'bedrock' && !entry.embedding ? [entry.modelId] : [],
    ),
  );
  const embeddingModels = new Set(
    local.flatMap((entry) =>
      entry.provider === 'bedrock' && entry.embedding ? [entry.modelId] : [],
    ),
  );
  const attachments = new Map(
    local.flatMap((entry): [string, ModelAttachments][] =>
      entry.provider === 'bedrock' && entry.attachments ? [[entry.modelId, entry.attachments]] : [],
    ),
  );
  const endpoints = new Map(
    local
      .filter((entry): entry is SageMakerEndpoint => entry.provider === 'sagemaker')
      .map((entry) => [entry.endpointName, entry]),
  );
  const store = new ObjectStore();
  const stats = emptyStats();
  const promptCache = new Set<string>();
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    // ApplyGuardrail (`/guardrail/...`) is a Bedrock Runtime operation too.
    if (path.startsWith('/model/') || path.startsWith('/guardrail/'))
      return serveBedrock(
        req,
        res,
        bedrockModels,
        stats,
        promptCache,
        attachments,
        embeddingModels,
      );
    if (path.startsWith('/endpoints/')) return serveSageMaker(req, res, endpoints, store, stats);
    return store.serve(req, res, stats);
  };
  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendAwsError(res, 500, 'InternalServerException', 'Local model failed');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bedrockUrl: url,
    sagemakerUrl: url,
    s3Url: url,
    env: {
      BEDROCK_ENDPOINT: url,
      SAGEMAKER_ENDPOINT: url,
      S3_ENDPOINT: url,
      MODEL_CATALOG: JSON.stringify(LOCAL_CATALOG),
      PRICE_BOOK: JSON.stringify(LOCAL_PRICE_BOOK),
    },
    stats,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
