import { describe, expect, it } from 'vitest';

import { PRELUDE_DELIMITER, readPrelude, splitPrelude } from './runtime.ts';

const prelude = (json: string) => Buffer.concat([Buffer.from(json), PRELUDE_DELIMITER]);

describe('readPrelude', () => {
  it('reads the status and headers and returns the bytes after the delimiter as body', () => {
    const head = Buffer.concat([
      prelude('{"statusCode":429,"headers":{"a":"b"}}'),
      Buffer.from('x'),
    ]);
    expect(readPrelude(head)).toEqual({
      prelude: { statusCode: 429, headers: { a: 'b' } },
      body: Buffer.from('x'),
    });
  });

  it('waits (undefined) while a prelude has begun but its delimiter has not arrived', () => {
    expect(readPrelude(Buffer.from('{"statusCode":2'))).toBeUndefined();
  });

  it('treats bytes that do not start with a prelude as body', () => {
    expect(readPrelude(Buffer.from('plain'))).toEqual({ prelude: {}, body: Buffer.from('plain') });
  });

  it('throws when the prelude is not JSON', () => {
    expect(() => readPrelude(prelude('{not json'))).toThrow(SyntaxError);
  });
});

describe('splitPrelude', () => {
  it('keeps an unterminated prelude as body of a complete response', () => {
    expect(splitPrelude(Buffer.from('{"a"'))).toEqual({ prelude: {}, body: Buffer.from('{"a"') });
  });
});
