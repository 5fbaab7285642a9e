/** A line of an NDJSON stream was not JSON; the stream cannot be trusted past it. */
export class NdjsonLineError extends Error {
  override readonly name = 'NdjsonLineError';

  constructor(readonly lineNumber: number) {
    super(`Line ${lineNumber} of the response stream is not valid JSON`);
  }
}

/**
 * Reads an NDJSON body (`application/x-ndjson`) and yields one parsed value per line as the
 * bytes arrive. Work per chunk is proportional to the chunk, not to the text so far. Blank lines
 * are skipped; a final line without a newline is still read. Stopping the iteration (or aborting
 * the fetch) cancels the body.
 *
 * @throws NdjsonLineError on a line that is not JSON.
 */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let lineNumber = 0;
  const parse = (line: string): unknown => {
    lineNumber++;
    try {
      return JSON.parse(line);
    } catch {
      throw new NdjsonLineError(lineNumber);
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() !== '') yield parse(line);
        else lineNumber++;
      }
    }
    pending += decoder.decode();
    if (pending.trim() !== '') yield parse(pending);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
