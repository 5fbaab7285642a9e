import { NdjsonLineError, readNdjson } from './ndjson';

function streamOf(chunks: readonly (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      }
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readNdjson(stream)) values.push(value);
  return values;
}

describe('readNdjson', () => {
  it('yields one value per line, joining lines split across chunks', async () => {
    const values = await collect(
      streamOf([
        '{"type":"del',
        'ta","text":"Hel"}\n{"type":"delta","text":"lo"}\n',
        '{"type":"done"}\n',
      ]),
    );
    expect(values).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'done' },
    ]);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = new TextEncoder().encode('{"text":"é🙂"}\n');
    const values = await collect(streamOf([bytes.slice(0, 11), bytes.slice(11)]));
    expect(values).toEqual([{ text: 'é🙂' }]);
  });

  it('reads a last line without a newline and skips blank lines', async () => {
    expect(await collect(streamOf(['\n{"a":1}\n\n', '{"b":2}']))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('rejects a line that is not JSON, naming the line', async () => {
    const error = await collect(streamOf(['{"a":1}\n', 'not json\n'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NdjsonLineError);
    expect((error as NdjsonLineError).lineNumber).toBe(2);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('{"n":1}\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const value of readNdjson(stream)) {
      expect(value).toEqual({ n: 1 });
      break;
    }
    expect(cancelled).toBe(true);
  });
});
