import { PassThrough, type Readable, type Writable } from 'node:stream';

import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import { readPrelude } from '../lambda/runtime.ts';

/** A buffered Lambda proxy handler. */
export type BufferedHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** A handler wrapped with `awslambda.streamifyResponse`. */
export type StreamingHandler = (
  event: APIGatewayProxyEvent,
  responseStream: Writable,
  context: Context,
) => Promise<void>;

/** Largest prelude read before the stream is declared malformed. */
const MAX_PRELUDE_BYTES = 64 * 1024;

/** Thrown when a function does not answer within its integration timeout. */
export class IntegrationTimeoutError extends Error {
  override readonly name = 'IntegrationTimeoutError';
}

/** The Lambda context object handed to a handler. */
export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs a promise against a deadline; a late answer becomes an IntegrationTimeoutError. */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IntegrationTimeoutError(`${what} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A streaming response: status and headers from the prelude, then the body as it is written. */
export interface StreamedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Readable;
  /** Settles when the handler returns (rejects when it throws). */
  readonly done: Promise<void>;
  /** Ends the function's response stream (the client went away): its next write fails. */
  cancel(): void;
}

/**
 * Invokes a streaming handler and resolves once its prelude (or first body bytes) arrive, so
 * the caller can send the status and headers and then pipe the body while it is produced.
 */
export function invokeStreaming(
  handler: StreamingHandler,
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<StreamedResponse> {
  const raw = new PassThrough();
  const body = new PassThrough();
  const done = Promise.resolve()
    .then(() => handler(event, raw, context))
    .finally(() => {
      if (!raw.writableEnded) raw.end();
    });
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let settled = false;
    const settle = (statusCode: number, headers: Record<string, string>, rest: Buffer) => {
      settled = true;
      if (rest.length > 0) body.write(rest);
      if (raw.readableEnded) body.end();
      else raw.pipe(body);
      resolve({ statusCode, headers, body, done, cancel: () => raw.destroy() });
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      let split: ReturnType<typeof readPrelude>;
      try {
        split = readPrelude(head);
      } catch (error) {
        raw.off('data', onData);
        raw.pause();
        return reject(error);
      }
      if (!split) {
        if (head.length > MAX_PRELUDE_BYTES) {
          raw.off('data', onData);
          reject(new Error('streaming response prelude is too long or not terminated'));
        }
        return;
      }
      raw.off('data', onData);
      raw.pause();
      settle(split.prelude.statusCode ?? 200, split.prelude.headers ?? {}, split.body);
    };
    raw.on('data', onData);
    raw.once('end', () => {
      if (!settled) settle(200, {}, head);
    });
    done.catch((error: unknown) => {
      if (!settled) reject(error);
    });
  });
}
