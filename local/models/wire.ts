import type { IncomingMessage, ServerResponse } from 'node:http';

import { EventStreamCodec } from '@smithy/eventstream-codec';

import type { LocalModelStats } from './stats.ts';

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

const header = (value: string) => ({ type: 'string' as const, value });

/** One AWS event-stream `event` frame. */
export function eventFrame(eventType: string, body: Uint8Array, contentType: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': header('event'),
      ':event-type': header(eventType),
      ':content-type': header(contentType),
    },
    body,
  });
}

/** One AWS event-stream `exception` frame (the SDK raises it as that exception class). */
export function exceptionFrame(exceptionType: string, body: object): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': header('exception'),
      ':exception-type': header(exceptionType),
      ':content-type': header('application/json'),
    },
    body: new TextEncoder().encode(JSON.stringify(body)),
  });
}

/** A restJson1 error answer: status, `x-amzn-errortype`, JSON message. */
export function sendAwsError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
): void {
  const body = JSON.stringify({ message, Message: message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': crypto.randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves after `ms`, or early when the client goes away (so faults never leak timers). */
export function pause(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

/** True once the client has gone away before the answer ended. */
const clientGone = (res: ServerResponse) => res.destroyed && !res.writableFinished;

/** Milliseconds between stream frames under the `slow` fault. */
const SLOW_FRAME_MS = 40;
/**
 * Milliseconds between stream frames otherwise. A model streams its tokens over time; frames
 * written in one tick can reach the client as one chunk, which is not what a stream looks like.
 */
const FRAME_INTERVAL_MS = 3;

/**
 * Writes event-stream frames in order, a few milliseconds apart (more when `slow`), stopping when
 * the client goes away; counts the stream as completed or aborted.
 */
export async function sendFrames(
  res: ServerResponse,
  frames: readonly Uint8Array[],
  slow: boolean,
  stats: LocalModelStats,
): Promise<void> {
  for (const frame of frames) {
    if (clientGone(res)) break;
    res.write(frame);
    await pause(slow ? SLOW_FRAME_MS : FRAME_INTERVAL_MS, res);
  }
  if (clientGone(res)) stats.streamsAborted++;
  else {
    stats.streamsCompleted++;
    res.end();
  }
}
