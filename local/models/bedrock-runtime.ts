import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ModelAttachments } from '../../amplify/catalog-attachments.ts';
import { attachmentsProblem } from './attachments.ts';
import { LOCAL_EMBEDDING_DIMENSIONS, localEmbedding } from './embeddings.ts';
import {
  guardedAnswer,
  type GuardrailConfig,
  isApplyGuardrail,
  localGuardrailOf,
  serveApplyGuardrail,
} from './guardrail.ts';
import {
  cachedSystemPrefix,
  chat,
  chatFault,
  faultIn,
  type LocalChatInput,
  type LocalToolUse,
  words,
} from './models.ts';
import { countRequest, type LocalModelStats } from './stats.ts';
import { eventFrame, exceptionFrame, pause, readBody, sendAwsError, sendFrames } from './wire.ts';

const json = (value: object) => new TextEncoder().encode(JSON.stringify(value));

/** How long a model works before the `server-error` fault fails a buffered call. */
const SERVER_ERROR_AFTER_MS = 20;

/**
 * The prompt-cache fields of the usage, like Bedrock's: a system prefix behind a `cachePoint`
 * is written to the cache the first time and read from it after; those tokens leave
 * `inputTokens`. Undefined without a `cachePoint`.
 */
function cacheUsage(input: LocalChatInput, promptCache: Set<string>) {
  const prefix = cachedSystemPrefix(input);
  if (prefix === undefined) return undefined;
  const tokens = words(prefix).length;
  const hit = promptCache.has(prefix);
  promptCache.add(prefix);
  return { cacheReadInputTokens: hit ? tokens : 0, cacheWriteInputTokens: hit ? 0 : tokens };
}

/** A tool call as ConverseStream sends it: its start, its input JSON in two pieces, its stop. */
function toolUseFrames(toolUse: LocalToolUse): Uint8Array[] {
  const input = JSON.stringify(toolUse.input);
  const half = Math.ceil(input.length / 2);
  const start = { toolUse: { toolUseId: toolUse.toolUseId, name: toolUse.name } };
  return [
    eventFrame('contentBlockStart', json({ contentBlockIndex: 0, start }), 'application/json'),
    ...[input.slice(0, half), input.slice(half)].map((piece) =>
      eventFrame(
        'contentBlockDelta',
        json({ contentBlockIndex: 0, delta: { toolUse: { input: piece } } }),
        'application/json',
      ),
    ),
  ];
}

/**
 * Bedrock Runtime `POST /model/{modelId}/converse` and `/converse-stream` for the local
 * models in `modelIds` (LOCAL_CATALOG's Bedrock entries). `promptCache` holds the system
 * prefixes cached so far (see `cacheUsage`); `attachments` the image and document rules of
 * the models that accept any (the others refuse such blocks, as Bedrock does). InvokeModel
 * (`POST /model/{modelId}/invoke`) serves the embedding models in `embeddingModels` with
 * Titan Text Embeddings V2's body.
 */
export async function serveBedrock(
  req: IncomingMessage,
  res: ServerResponse,
  modelIds: ReadonlySet<string>,
  stats: LocalModelStats,
  promptCache: Set<string>,
  attachments: ReadonlyMap<string, ModelAttachments> = new Map(),
  embeddingModels: ReadonlySet<string> = new Set(),
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (req.method === 'POST' && isApplyGuardrail(path))
    return serveApplyGuardrail(req, res, path, stats);
  const invoke = /^\/model\/([^/]+)\/invoke$/.exec(path);
  if (req.method === 'POST' && invoke)
    return serveEmbedding(req, res, decodeURIComponent(invoke[1]!), embeddingModels, stats);
  const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path);
  if (req.method !== 'POST' || !match)
    return sendAwsError(res, 404, 'UnknownOperationException', 'Unknown operation');
  const modelId = decodeURIComponent(match[1]!);
  const streaming = match[2] === 'converse-stream';
  countRequest(stats, streaming ? 'ConverseStream' : 'Converse');
  const raw = (await readBody(req)).toString('utf8');
  if (!modelIds.has(modelId))
    return sendAwsError(res, 404, 'ResourceNotFoundException', `Model ${modelId} not found`);
  let request: LocalChatInput & {
    inferenceConfig?: { maxTokens?: number };
    guardrailConfig?: GuardrailConfig;
  };
  try {
    request = JSON.parse(raw) as typeof request;
    if (!Array.isArray(request.messages) || request.messages.length === 0) throw new Error();
  } catch {
    return sendAwsError(res, 400, 'ValidationException', 'messages is required');
  }
  const guardrail = request.guardrailConfig && localGuardrailOf(request.guardrailConfig);
  if (request.guardrailConfig && !guardrail)
    return sendAwsError(res, 400, 'ValidationException', 'The guardrail does not exist');
  const refused = attachmentsProblem(request.messages, attachments.get(modelId));
  if (refused) return sendAwsError(res, 400, 'ValidationException', refused);
  const fault = chatFault(request);
  if (fault === 'throttle')
    return sendAwsError(res, 429, 'ThrottlingException', 'Too many requests, please wait');
  if (fault === 'unavailable')
    return sendAwsError(res, 503, 'ServiceUnavailableException', 'Service unavailable');
  if (fault === 'model-error')
    return sendAwsError(res, 424, 'ModelErrorException', 'The model failed to process');
  if (fault === 'timeout') return pause(10 * 60_000, res);
  if (fault === 'server-error' && !streaming) {
    await pause(SERVER_ERROR_AFTER_MS, res);
    return sendAwsError(res, 500, 'InternalServerException', 'The model service failed');
  }
  const started = performance.now();
  const modelAnswer = chat(modelId, { ...request, maxTokens: request.inferenceConfig?.maxTokens });
  const answer = guardrail
    ? guardedAnswer(guardrail, request, modelAnswer, request.guardrailConfig?.streamProcessingMode)
    : modelAnswer;
  const cache = cacheUsage(request, promptCache);
  const cachedTokens = (cache?.cacheReadInputTokens ?? 0) + (cache?.cacheWriteInputTokens ?? 0);
  const usage = {
    inputTokens: answer.inputTokens - cachedTokens,
    outputTokens: answer.tokens.length,
    totalTokens: answer.inputTokens + answer.tokens.length,
    ...cache,
  };
  if (!streaming) {
    const body = JSON.stringify({
      output: {
        message: {
          role: 'assistant',
          content: [
            answer.toolUse ? { toolUse: answer.toolUse } : { text: answer.tokens.join('') },
          ],
        },
      },
      stopReason: answer.stopReason,
      usage,
      metrics: { latencyMs: Math.round(performance.now() - started) },
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    return void res.end(body);
  }
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
  const frames: Uint8Array[] = [
    eventFrame('messageStart', json({ role: 'assistant' }), 'application/json'),
    ...(answer.toolUse ? toolUseFrames(answer.toolUse) : []),
    ...answer.tokens.map((token) =>
      eventFrame(
        'contentBlockDelta',
        json({ contentBlockIndex: 0, delta: { text: token } }),
        'application/json',
      ),
    ),
    eventFrame('contentBlockStop', json({ contentBlockIndex: 0 }), 'application/json'),
    eventFrame('messageStop', json({ stopReason: answer.stopReason }), 'application/json'),
    eventFrame(
      'metadata',
      json({ usage, metrics: { latencyMs: Math.round(performance.now() - started) } }),
      'application/json',
    ),
  ];
  if (fault === 'mid-stream' || fault === 'server-error')
    frames.splice(
      Math.min(3, frames.length - 1),
      frames.length,
      fault === 'mid-stream'
        ? exceptionFrame('modelStreamErrorException', { message: 'The model stopped mid-stream' })
        : exceptionFrame('internalServerException', { message: 'The model service failed' }),
    );
  await sendFrames(res, frames, fault === 'slow', stats);
}

/**
 * InvokeModel for a local embedding model, in Titan Text Embeddings V2's body: `inputText`
 * (required), `dimensions` (256, 512 or 1024), `normalize` (default true); the answer carries
 * `embedding`, `inputTextTokenCount` and `embeddingsByType.float`
 * (docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html).
 * The fault markers work as in chat (README, local mode).
 */
async function serveEmbedding(
  req: IncomingMessage,
  res: ServerResponse,
  modelId: string,
  embeddingModels: ReadonlySet<string>,
  stats: LocalModelStats,
): Promise<void> {
  countRequest(stats, 'InvokeModel');
  const raw = (await readBody(req)).toString('utf8');
  if (!embeddingModels.has(modelId))
    return sendAwsError(res, 404, 'ResourceNotFoundException', `Model ${modelId} not found`);
  let request: { inputText?: unknown; dimensions?: unknown; normalize?: unknown };
  try {
    request = JSON.parse(raw) as typeof request;
  } catch {
    return sendAwsError(res, 400, 'ValidationException', 'Malformed input request');
  }
  const { inputText, dimensions = 1024, normalize = true } = request;
  if (typeof inputText !== 'string' || inputText.length === 0)
    return sendAwsError(res, 400, 'ValidationException', 'inputText is required');
  if (typeof dimensions !== 'number' || !LOCAL_EMBEDDING_DIMENSIONS.includes(dimensions))
    return sendAwsError(res, 400, 'ValidationException', 'dimensions must be 256, 512 or 1024');
  const fault = faultIn(inputText);
  if (fault === 'throttle')
    return sendAwsError(res, 429, 'ThrottlingException', 'Too many requests, please wait');
  if (fault === 'unavailable')
    return sendAwsError(res, 503, 'ServiceUnavailableException', 'Service unavailable');
  if (fault === 'model-error')
    return sendAwsError(res, 424, 'ModelErrorException', 'The model failed to process');
  if (fault === 'timeout') return pause(10 * 60_000, res);
  const { embedding, tokens } = localEmbedding(inputText, dimensions, normalize !== false);
  const body = JSON.stringify({
    embedding,
    inputTextTokenCount: tokens,
    embeddingsByType: { float: embedding },
  });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
