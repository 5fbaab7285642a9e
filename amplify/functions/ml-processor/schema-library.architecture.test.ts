import { describe, expect, it } from 'vitest';

import {
  bundleFunction,
  inputsOf,
  scriptOutputs,
} from '../../../tests/support/function-bundles.ts';

/** The node_modules files an entry point's bundle takes in, built as the deploy builds it. */
async function bundledFiles(entry: string): Promise<string[]> {
  const metafile = await bundleFunction(entry);
  return inputsOf(metafile, scriptOutputs(metafile));
}

// Full zod is about 440 KiB of a bundle every cold start parses; zod/mini is about 40 KiB.
describe('the processor schema library (architecture)', () => {
  it.each([
    'amplify/functions/ml-processor/bedrock-handler.ts',
    'amplify/functions/ml-processor/bedrock-stream-handler.ts',
    'amplify/functions/ml-processor/sagemaker-handler.ts',
    'amplify/functions/ml-processor/sagemaker-stream-handler.ts',
  ])(
    '%s bundles zod/mini and none of full zod',
    async (entry) => {
      const files = await bundledFiles(entry);
      expect(files.some((file) => file.includes('node_modules/zod/v4/mini/'))).toBe(true);
      expect(files.filter((file) => file.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    },
    30_000,
  );
});
