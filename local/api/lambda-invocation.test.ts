import type { Writable } from 'node:stream';
import { text } from 'node:stream/consumers';

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

import { installAwsLambdaGlobal } from '../lambda/runtime.ts';
import { invokeStreaming, lambdaContext, type StreamingHandler } from './lambda-invocation.ts';

declare const awslambda: {
  HttpResponseStream: {
    from(
      stream: Writable,
      prelude: { statusCode: number; headers: Record<string, string> },
    ): Writable;
  };
};

const event = {} as APIGatewayProxyEvent;
const context = lambdaContext('test', 'request-1', 1000);

beforeAll(() => installAwsLambdaGlobal());

describe('streaming invocation', () => {
  it('answers with the prelude status and headers before the handler has finished', async () => {
    let finish!: () => void;
    const handler: StreamingHandler = async (_event, responseStream) => {
      const stream = awslambda.HttpResponseStream.from(responseStream, {
        statusCode: 201,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      stream.write('first\n');
      await new Promise<void>((resolve) => (finish = resolve));
      stream.end('last\n');
    };
    const response = await invokeStreaming(handler, event, context);
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/x-ndjson' });
    const first = await new Promise<string>((resolve) =>
      response.body.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    expect(first).toBe('first\n');
    finish();
    expect(await text(response.body)).toBe('last\n');
    await response.done;
  });

  it('treats a stream without prelude as a 200 body', async () => {
    const response = await invokeStreaming(
      async (_event, stream) => void stream.end('plain'),
      event,
      context,
    );
    expect(response.statusCode).toBe(200);
    expect(await text(response.body)).toBe('plain');
  });

  it('fails the function’s next write once the response is cancelled', async () => {
    let next!: () => void;
    const gate = new Promise<void>((resolve) => (next = resolve));
    const handler: StreamingHandler = async (_event, responseStream) => {
      const write = (text: string) =>
        new Promise<void>((resolve, reject) =>
          responseStream.write(text, (error) => (error ? reject(error) : resolve())),
        );
      await write('{"statusCode":200}\0\0\0\0\0\0\0\0first');
      await gate;
      await write('second');
    };
    const response = await invokeStreaming(handler, event, context);
    response.cancel();
    next();
    await expect(response.done).rejects.toThrow();
  });

  it('rejects when the handler throws before writing', async () => {
    await expect(
      invokeStreaming(async () => Promise.reject(new Error('boom')), event, context),
    ).rejects.toThrow('boom');
  });
});
