import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  modelCallImports,
  modelCallViolations,
  productionFiles,
} from '../../../tests/support/model-call-imports.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SEAM = join(ROOT, 'amplify/functions/ml-processor/model-calls.ts');
/** Where production code lives: the backend and the local servers. */
const ROOTS = [join(ROOT, 'amplify'), join(ROOT, 'local')];
/** A file that would sit beside the routes (never written: the checker reads the text given). */
const PLANTED = join(ROOT, 'amplify/functions/ml-processor/routes/planted.ts');

describe('the model-call seam (architecture)', () => {
  it('is the only production module that imports model-client commands', () => {
    expect(modelCallViolations(ROOTS, SEAM)).toEqual([]);
  });

  it('sees the seam itself import them (the check is not vacuous)', () => {
    const seamImports = modelCallViolations(ROOTS, join(ROOT, 'no-seam.ts'));
    expect(seamImports.map((found) => found.what)).toEqual(
      expect.arrayContaining([
        'ConverseCommand',
        'InvokeEndpointAsyncCommand',
        'ApplyGuardrailCommand',
      ]),
    );
    expect(new Set(seamImports.map((found) => found.file))).toEqual(new Set([SEAM]));
    expect(productionFiles(ROOTS[0]!).length).toBeGreaterThan(50);
  });

  it.each([
    ["import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';", ['ConverseCommand']],
    [
      "import { InvokeEndpointCommand as Call } from '@aws-sdk/client-sagemaker-runtime';",
      ['InvokeEndpointCommand'],
    ],
    ["import * as bedrock from '@aws-sdk/client-bedrock-runtime';", ['namespace import bedrock']],
    [
      "export { ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';",
      ['re-export ConverseStreamCommand'],
    ],
    ["const sdk = await import('@aws-sdk/client-sagemaker-runtime');", ['dynamic import']],
  ])('fails on a planted direct import: %s', (text, what) => {
    expect(modelCallImports(PLANTED, text).map((found) => found.what)).toEqual(what);
  });

  it('allows types and the client class, which cannot call a model by themselves', () => {
    const text = [
      "import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';",
      "import { type ConverseCommand, BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';",
      "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';",
    ].join('\n');
    expect(modelCallImports(PLANTED, text)).toEqual([]);
  });
});
