/**
 * The `awslambda` global of the Lambda Node.js runtime, for tests and local mode: response
 * streaming handlers (`awslambda.streamifyResponse`, `awslambda.HttpResponseStream.from`) run
 * unchanged over any Node writable. `from` writes the runtime's HTTP integration prelude (the
 * status and headers as JSON, then eight NUL bytes) before the body, as Lambda does;
 * `splitPrelude` reads it back.
 */
import { Writable } from 'node:stream';

/** Status and headers a streaming handler sends before its body. */
export interface StreamPrelude {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
}

/** The eight NUL bytes that end the prelude. */
export const PRELUDE_DELIMITER = Buffer.alloc(8);

/**
 * Installs `streamifyResponse` and `HttpResponseStream` on the global (keeping ones already
 * there, e.g. local mode's). Adds to an existing `awslambda` object: the AWS SDK's invoke
 * store creates one (without these members) when it loads.
 */
export function installAwsLambdaGlobal(): void {
  const scope = globalThis as { awslambda?: Record<string, unknown> };
  const target = (scope.awslambda ??= {});
  target['streamifyResponse'] ??= <T>(handler: T): T => handler;
  target['HttpResponseStream'] ??= {
    from(stream: Writable, prelude: StreamPrelude): Writable {
      stream.write(Buffer.concat([Buffer.from(JSON.stringify(prelude)), PRELUDE_DELIMITER]));
      return stream;
    },
  };
}

/**
 * Reads the prelude from the start of a streamed response: undefined while a prelude has begun
 * (`{`) but its delimiter has not arrived yet; an empty prelude when the body does not start
 * with one. Throws when the prelude is not JSON.
 */
export function readPrelude(head: Buffer): { prelude: StreamPrelude; body: Buffer } | undefined {
  if (head[0] !== 0x7b /* '{' */) return { prelude: {}, body: head };
  const end = head.indexOf(PRELUDE_DELIMITER);
  if (end === -1) return undefined;
  return {
    prelude: JSON.parse(head.subarray(0, end).toString('utf8')) as StreamPrelude,
    body: head.subarray(end + PRELUDE_DELIMITER.length),
  };
}

/** Splits a complete streamed response into its prelude and body. */
export function splitPrelude(raw: Buffer): { prelude: StreamPrelude; body: Buffer } {
  return readPrelude(raw) ?? { prelude: {}, body: raw };
}

/** A writable that keeps what it receives, standing in for the Lambda response stream. */
export class CollectingStream extends Writable {
  readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }

  /** Everything written so far. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
