import { resolve } from 'node:path';

import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

import { ESM_BUNDLE_OPTIONS } from '../shared/esm-bundling.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The AWS SDK client packages with code in an entry's bundle (bytes in the output: esbuild
 * lists the modules it read and then shook out too), built as resource.ts builds the functions.
 */
async function bundledClients(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [resolve(ROOT, 'amplify/functions/ml-processor', entry)],
    ...ESM_BUNDLE_OPTIONS,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const packages = Object.entries(output.inputs).flatMap(([file, { bytesInOutput }]) =>
    bytesInOutput > 0 ? (/node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(file)?.[1] ?? []) : [],
  );
  return [...new Set(packages)].sort();
}

// A cold Bedrock call pays for Bedrock only: each provider's functions bundle their own clients,
// plus what the audit trail writes with in every function: S3 (record objects) and KMS (content
// capture) (docs/audit.md).
describe('processor bundles per provider (architecture)', () => {
  it.each(['bedrock-handler.ts', 'bedrock-stream-handler.ts'])(
    '%s carries the Bedrock Runtime and DynamoDB clients and the audit trail’s, no SageMaker Runtime',
    async (entry) => {
      expect(await bundledClients(entry)).toEqual([
        '@aws-sdk/client-bedrock-runtime',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-s3',
      ]);
    },
    60_000,
  );

  it.each(['sagemaker-handler.ts', 'sagemaker-stream-handler.ts'])(
    '%s carries SageMaker Runtime, S3 and Bedrock Runtime (ApplyGuardrail)',
    async (entry) => {
      expect(await bundledClients(entry)).toEqual([
        '@aws-sdk/client-bedrock-runtime',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-kms',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-sagemaker-runtime',
      ]);
    },
    60_000,
  );
});
