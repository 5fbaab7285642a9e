import type { IncomingMessage } from 'node:http';

/** Thrown when a request body is larger than the reader's limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly limit: number;

  constructor(limit: number) {
    super(`Request body is larger than ${limit} bytes`);
    this.limit = limit;
  }
}

const declaredLength = (request: IncomingMessage) => Number(request.headers['content-length'] ?? 0);

/**
 * Reads a request body up to `limit` bytes. A larger `content-length` is refused before
 * reading; a body that grows past the limit while streaming is refused as soon as it does.
 * A refused body is left unread and the request paused (not destroyed), so the caller can
 * still answer on the connection, after {@link discardBody} if it wants the client to read it.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredLength(request) > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * Reads and throws away the rest of a request body, up to `limit` more bytes. Resolves true
 * when the body ended within the limit: the client has sent everything, so closing the
 * connection after the answer cannot reset it (the kernel resets a connection closed with
 * unread data, and a client still sending then gets EPIPE instead of the answer).
 */
export function discardBody(request: IncomingMessage, limit: number): Promise<boolean> {
  if (request.complete) return Promise.resolve(true);
  if (declaredLength(request) > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const finish = (drained: boolean) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      request.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = () => finish(false);
    const onClose = () => finish(request.complete);
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    request.resume();
  });
}
