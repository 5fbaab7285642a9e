import type { AsyncInferenceIo, CatalogEntry } from '../../amplify/catalog.ts';
import type { Group } from '../../amplify/contract/groups.ts';

const invokers: readonly Group[] = ['Administrators', 'MLUsers'];
const localAsyncIo: AsyncInferenceIo = {
  bucket: 'local-ml-async',
  inputPrefix: 'async-inputs',
  outputPrefix: 'async-outputs',
};

/**
 * The models local mode and the tests serve (local/models): small deterministic models behind
 * the Bedrock and SageMaker wire protocols. Never deployed; the processor receives them as
 * its catalog in local mode (`MODEL_CATALOG`).
 */
export const LOCAL_CATALOG: readonly CatalogEntry[] = [
  {
    provider: 'bedrock',
    id: 'local.echo',
    label: 'Local echo (streams your words back)',
    modelId: 'local.echo-v1',
    groups: invokers,
    limits: { maxInputChars: 20_000, maxOutputTokens: 1000 },
    promptCaching: true,
    // The compatible endpoints' image parts; the echo shows each as `<image:png:68>`.
    attachments: {
      images: { formats: ['png', 'jpeg', 'gif', 'webp'], maxBytes: 150_000, maxCount: 4 },
    },
  },
  {
    provider: 'bedrock',
    id: 'local.summarizer',
    label: 'Local summarizer (administrators)',
    modelId: 'local.summarizer-v1',
    groups: ['Administrators'],
    limits: { maxInputChars: 20_000, maxOutputTokens: 200 },
  },
  {
    provider: 'bedrock',
    id: 'local.markdown',
    label: 'Local Markdown writer (tables, code, lists)',
    modelId: 'local.markdown-v1',
    groups: invokers,
    limits: { maxInputChars: 20_000, maxOutputTokens: 1000 },
  },
  {
    provider: 'bedrock',
    id: 'local.attachments',
    label: 'Local attachment reader (images and documents)',
    modelId: 'local.attachments-v1',
    groups: invokers,
    limits: { maxInputChars: 20_000, maxOutputTokens: 1000 },
    // Sizes fit the API's 256 KiB body once base64-encoded.
    attachments: {
      images: { formats: ['png', 'jpeg', 'gif', 'webp'], maxBytes: 150_000, maxCount: 4 },
      documents: { formats: ['pdf', 'csv', 'txt', 'md', 'html'], maxBytes: 150_000, maxCount: 2 },
    },
  },
  {
    provider: 'bedrock',
    id: 'local.embed',
    label: 'Local embeddings (deterministic vectors)',
    modelId: 'local.embed-v1',
    groups: invokers,
    limits: { maxInputChars: 20_000, maxOutputTokens: 0 },
    embedding: { format: 'titan-text-v2', dimensions: [256, 512, 1024], maxInputs: 16 },
  },
  {
    provider: 'sagemaker',
    id: 'local-sentiment',
    label: 'Local sentiment (JSON)',
    endpointName: 'local-sentiment',
    contentType: 'application/json',
    mode: 'sync',
    groups: invokers,
    limits: { maxInputBytes: 16_384 },
  },
  {
    provider: 'sagemaker',
    id: 'local-csv-scorer',
    label: 'Local CSV scorer (finance only)',
    endpointName: 'local-csv-scorer',
    contentType: 'text/csv',
    mode: 'sync',
    groups: invokers,
    claims: { department: ['finance'] },
    limits: { maxInputBytes: 16_384 },
  },
  {
    provider: 'sagemaker',
    id: 'local-text-stream',
    label: 'Local text generator (streaming)',
    endpointName: 'local-text-stream',
    contentType: 'application/json',
    mode: 'streaming',
    groups: invokers,
    limits: { maxInputBytes: 16_384 },
  },
  {
    provider: 'sagemaker',
    id: 'local-async-summarizer',
    label: 'Local summarizer (async job)',
    endpointName: 'local-async-summarizer',
    contentType: 'application/json',
    mode: 'async',
    groups: invokers,
    asyncIo: localAsyncIo,
    limits: { maxInputBytes: 65_536 },
  },
];
