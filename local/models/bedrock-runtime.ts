import type { IncomingMessage, ServerResponse } from 'node:http';
import { chat, faultIn, type LocalChatInput } from './models.ts';
import { countRequest, type LocalModelStats } from './stats.ts';
import { eventFrame, exceptionFrame, pause, readBody, sendAwsError, sendFrames } from './wire.ts';

const json = (value: object) => new TextEncoder().encode(JSON.stringify(value));

/**
 * Bedrock Runtime `POST /model/{modelId}/converse` and `/converse-stream` for the local
 * models in `modelIds` (LOCAL_CATALOG's Bedrock entries).
 */
export async function serveBedrock(
  req: IncomingMessage,
  res: ServerResponse,
  modelIds: ReadonlySet<string>,
  stats: LocalModelStats,
): Promise<void> {
  const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(
    new URL(req.url ?? '/', 'http://local').pathname,
  );
  if (req.method !== 'POST' || !match)
    return sendAwsError(res, 404, 'UnknownOperationException', 'Unknown operation');
  const modelId = decodeURIComponent(match[1]!);
  const streaming = match[2] === 'converse-stream';
  countRequest(stats, streaming ? 'ConverseStream' : 'Converse');
  const raw = (await readBody(req)).toString('utf8');
  if (!modelIds.has(modelId))
    return sendAwsError(res, 404, 'ResourceNotFoundException', `Model ${modelId} not found`);
  let request: LocalChatInput & { inferenceConfig?: { maxTokens?: number } };
  try {
    request = JSON.parse(raw) as typeof request;
    if (!Array.isArray(request.messages) || request.messages.length === 0) throw new Error();
  } catch {
    return sendAwsError(res, 400, 'ValidationException', 'messages is required');
  }
  const fault = faultIn(raw);
  if (fault === 'throttle')
    return sendAwsError(res, 429, 'ThrottlingException', 'Too many requests, please wait');
  if (fault === 'unavailable')
    return sendAwsError(res, 503, 'ServiceUnavailableException', 'Service unavailable');
  if (fault === 'model-error')
    return sendAwsError(res, 424, 'ModelErrorException', 'The model failed to process');
  if (fault === 'timeout') return pause(10 * 60_000, res);
  const started = performance.now();
  const answer = chat(modelId, { ...request, maxTokens: request.inferenceConfig?.maxTokens });
  const usage = {
    inputTokens: answer.inputTokens,
    outputTokens: answer.tokens.length,
    totalTokens: answer.inputTokens + answer.tokens.length,
  };
  if (!streaming) {
    const body = JSON.stringify({
      output: { message: { role: 'assistant', content: [{ text: answer.tokens.join(' ') }] } },
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
    ...answer.tokens.map((token, index) =>
      eventFrame(
        'contentBlockDelta',
        json({ contentBlockIndex: 0, delta: { text: index === 0 ? token : ` ${token}` } }),
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
  if (fault === 'mid-stream')
    frames.splice(
      Math.min(3, frames.length - 1),
      frames.length,
      exceptionFrame('modelStreamErrorException', { message: 'The model stopped mid-stream' }),
    );
  await sendFrames(res, frames, fault === 'slow', stats);
}
