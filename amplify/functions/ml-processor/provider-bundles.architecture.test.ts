import { describe, expect, it } from 'vitest';

import {
  bundleFunction,
  coldStartOutputs,
  inputsOf,
  scriptOutputs,
} from '../../../tests/support/function-bundles.ts';

const ENTRIES = 'amplify/functions/ml-processor/';

/** The AWS SDK client packages with code in `outputs` of an entry's bundle. */
function clientsIn(files: readonly string[]): string[] {
  const packages = files.flatMap(
    (file) => /node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(file)?.[1] ?? [],
  );
  return [...new Set(packages)].sort();
}

/** The SDK clients a cold start of `entry` loads, and those it loads only when first used. */
async function clientsOf(entry: string) {
  const metafile = await bundleFunction(ENTRIES + entry);
  const cold = coldStartOutputs(metafile);
  const atColdStart = clientsIn(inputsOf(metafile, cold));
  const lazy = scriptOutputs(metafile).filter((file) => !cold.includes(file));
  return { atColdStart, onFirstUse: clientsIn(inputsOf(metafile, lazy)) };
}

// A cold Bedrock call pays for Bedrock only: each provider's functions bundle their own clients
// and the ledger's DynamoDB. What the audit trail writes with in every function, S3 (record
// objects) and KMS (content capture), is loaded when the first record is written (docs/audit.md).
describe('processor bundles per provider (architecture)', () => {
  it.each(['bedrock-handler.ts', 'bedrock-stream-handler.ts'])(
    '%s loads the Bedrock Runtime and DynamoDB clients at a cold start, the audit’s S3 and KMS on first use, no SageMaker Runtime',
    async (entry) => {
      expect(await clientsOf(entry)).toEqual({
        atColdStart: ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-dynamodb'],
        onFirstUse: ['@aws-sdk/client-kms', '@aws-sdk/client-s3'],
      });
    },
    60_000,
  );

  it.each(['sagemaker-handler.ts', 'sagemaker-stream-handler.ts'])(
    '%s loads SageMaker Runtime, S3 (async jobs) and Bedrock Runtime (ApplyGuardrail) at a cold start, the audit’s KMS on first use',
    async (entry) => {
      expect(await clientsOf(entry)).toEqual({
        atColdStart: [
          '@aws-sdk/client-bedrock-runtime',
          '@aws-sdk/client-dynamodb',
          '@aws-sdk/client-s3',
          '@aws-sdk/client-sagemaker-runtime',
        ],
        onFirstUse: ['@aws-sdk/client-kms'],
      });
    },
    60_000,
  );
});

/** The route modules (routes/<route>.ts, one per route) each entry serves. */
const SERVED_ROUTES: Record<string, readonly string[]> = {
  'bedrock-handler.ts': [
    'create-openai-embeddings',
    'invoke-bedrock',
    'list-anthropic-models',
    'list-models',
    'list-openai-models',
  ],
  'bedrock-stream-handler.ts': ['anthropic-messages', 'openai-chat-completions', 'stream-bedrock'],
  'sagemaker-handler.ts': ['get-job-status', 'invoke-sagemaker'],
  'sagemaker-stream-handler.ts': ['stream-sagemaker'],
};
const EVERY_ROUTE = Object.values(SERVED_ROUTES).flat();

/** The route modules with code in an entry's bundle. */
async function routeModulesOf(entry: string): Promise<string[]> {
  const metafile = await bundleFunction(ENTRIES + entry);
  return inputsOf(metafile, scriptOutputs(metafile))
    .flatMap((file) => /ml-processor\/routes\/([a-z-]+)\.ts$/.exec(file)?.[1] ?? [])
    .filter((name) => EVERY_ROUTE.includes(name))
    .sort();
}

// A buffered function carries no streaming route, and the other way round.
describe('processor bundles per function (architecture)', () => {
  it.each(Object.entries(SERVED_ROUTES))(
    '%s bundles the routes it serves only',
    async (entry, routes) => {
      expect(await routeModulesOf(entry)).toEqual(routes);
    },
    60_000,
  );
});
