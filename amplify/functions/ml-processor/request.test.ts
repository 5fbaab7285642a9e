import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

import { refusalOf } from '../../../tests/support/processor-harness.ts';
import {
  bedrockRequestSchema,
  header,
  jobIdSchema,
  readJsonBody,
  sagemakerRequestSchema,
  validate,
} from './request.ts';

const event = (
  body: string | null,
  headers: Record<string, string | undefined> = { 'Content-Type': 'application/json' },
  isBase64Encoded = false,
) => ({ body, headers, isBase64Encoded }) as unknown as APIGatewayProxyEvent;

describe('readJsonBody', () => {
  it('reads a JSON object, plain or base64-encoded, with or without a charset', () => {
    expect(readJsonBody(event('{"a":1}'), 100)).toEqual({ a: 1 });
    const encoded = Buffer.from('{"a":2}').toString('base64');
    expect(readJsonBody(event(encoded, undefined, true), 100)).toEqual({ a: 2 });
    expect(
      readJsonBody(event('{"a":3}', { 'content-type': 'Application/JSON; charset=utf-8' }), 100),
    ).toEqual({ a: 3 });
    expect(
      readJsonBody(event('{"a":4}', { 'content-type': 'application/json ;charset=utf-8' }), 100),
    ).toEqual({ a: 4 });
  });

  it('answers 415 unless the content type is exactly application/json', () => {
    for (const contentType of [
      undefined,
      'text/plain',
      'application/json-patch+json',
      'application/jsonx',
      'x-application/json',
    ])
      expect(
        refusalOf(() => readJsonBody(event('{}', { 'content-type': contentType }), 100)),
        String(contentType),
      ).toEqual({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        field: undefined,
        message: 'Send the body as application/json',
      });
  });

  it('answers 413 above the byte limit, counting bytes rather than characters', () => {
    expect(readJsonBody(event('{"a":"1234"}'), 12)).toEqual({ a: '1234' });
    expect(refusalOf(() => readJsonBody(event('{"a":"12345"}'), 12))).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      field: 'body',
      message: 'The body is larger than 12 bytes',
    });
    // Four characters, twelve bytes of UTF-8.
    expect(refusalOf(() => readJsonBody(event('"€€€€"'), 11))).toMatchObject({ status: 413 });
  });

  it('answers 400 for an empty body, text that is not JSON, or JSON that is not an object', () => {
    expect(refusalOf(() => readJsonBody(event(null), 100))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      field: 'body',
      message: 'The body is empty; send a JSON object',
    });
    expect(refusalOf(() => readJsonBody(event('{"a":'), 100))).toMatchObject({
      status: 400,
      field: 'body',
      message: 'The body is not valid JSON',
    });
    for (const body of ['[]', '[{"a":1}]', 'null', '"text"', '42', 'true'])
      expect(
        refusalOf(() => readJsonBody(event(body), 100)),
        body,
      ).toMatchObject({
        status: 400,
        field: 'body',
        message: 'The body must be a JSON object',
      });
  });
});

describe('header', () => {
  it('finds a header whatever its casing, and is undefined when it is absent', () => {
    const withHeaders = event(null, { 'X-Request-Id': 'abc', Empty: undefined });
    expect(header(withHeaders, 'x-request-id')).toBe('abc');
    expect(header(withHeaders, 'X-REQUEST-ID')).toBe('abc');
    expect(header(withHeaders, 'empty')).toBeUndefined();
    expect(header(withHeaders, 'missing')).toBeUndefined();
    expect(header({ headers: null } as unknown as APIGatewayProxyEvent, 'a')).toBeUndefined();
  });
});

describe('validate', () => {
  const valid = { modelId: 'model-a', prompt: 'Hello' };

  it('returns the parsed body, trimmed', () => {
    expect(validate(bedrockRequestSchema, { modelId: ' model-a ', prompt: ' Hi ' })).toEqual({
      modelId: 'model-a',
      prompt: 'Hi',
    });
  });

  it('names a missing field as required, an unknown field by its name, a bad one with why', () => {
    expect(refusalOf(() => validate(bedrockRequestSchema, { prompt: 'Hello' }))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      field: 'modelId',
      message: 'modelId is required',
    });
    expect(refusalOf(() => validate(bedrockRequestSchema, { ...valid, stream: true }))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      field: 'stream',
      message: 'unknown field "stream"',
    });
    expect(
      refusalOf(() => validate(bedrockRequestSchema, { ...valid, parameters: { topP: 2 } })),
    ).toMatchObject({
      field: 'parameters.topP',
      message: expect.stringMatching(/^parameters\.topP: /),
    });
    expect(refusalOf(() => validate(bedrockRequestSchema, 'text'))).toMatchObject({
      field: 'body',
    });
  });

  it('says what is wrong with a field of the wrong type or an empty text, not that it is missing', () => {
    expect(
      refusalOf(() => validate(bedrockRequestSchema, { modelId: 5, prompt: 'x' })),
    ).toMatchObject({
      field: 'modelId',
      message: 'modelId: Invalid input: expected string, received number',
    });
    expect(
      refusalOf(() => validate(bedrockRequestSchema, { modelId: 'a', prompt: '  ' })),
    ).toMatchObject({
      field: 'prompt',
      message: 'prompt: must be a non-empty string',
    });
    expect(
      refusalOf(() => validate(sagemakerRequestSchema, { modelName: 'a', inputData: [] })),
    ).toMatchObject({ field: 'inputData', message: 'inputData: must not be empty' });
  });

  it('reports the rules across fields as custom issues at the field they concern', () => {
    const issues = bedrockRequestSchema.safeParse({
      modelId: 'model-a',
      prompt: 'x',
      messages: [
        { role: 'assistant', content: 'a' },
        { role: 'assistant', content: 'b' },
      ],
    }).error?.issues;
    expect(issues?.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'custom', path: ['prompt'] },
      { code: 'custom', path: ['messages', 0, 'role'] },
      { code: 'custom', path: ['messages'] },
    ]);
  });

  it('takes exactly one of prompt or messages', () => {
    const both = { ...valid, messages: [{ role: 'user', content: 'Hi' }] };
    const exactlyOne = {
      field: 'prompt',
      message: 'prompt: give exactly one of prompt or messages',
    };
    expect(refusalOf(() => validate(bedrockRequestSchema, both))).toMatchObject(exactlyOne);
    expect(refusalOf(() => validate(bedrockRequestSchema, { modelId: 'model-a' }))).toMatchObject(
      exactlyOne,
    );
  });

  it('takes turns that alternate from user and end with the user', () => {
    const turns = (...roles: string[]) => ({
      modelId: 'model-a',
      messages: roles.map((role, i) => ({ role, content: `turn ${i}` })),
    });
    expect(
      validate(bedrockRequestSchema, turns('user', 'assistant', 'user')).messages,
    ).toHaveLength(3);
    expect(refusalOf(() => validate(bedrockRequestSchema, turns('assistant')))).toMatchObject({
      field: 'messages.0.role',
      message: 'messages.0.role: must be "user" (turns alternate, starting with user)',
    });
    expect(
      refusalOf(() => validate(bedrockRequestSchema, turns('user', 'user', 'user'))),
    ).toMatchObject({
      field: 'messages.1.role',
      message: 'messages.1.role: must be "assistant" (turns alternate, starting with user)',
    });
    expect(
      refusalOf(() => validate(bedrockRequestSchema, turns('user', 'assistant'))),
    ).toMatchObject({
      field: 'messages',
      message: 'messages: the last message must be from the user',
    });
  });

  it('bounds the Bedrock parameters', () => {
    const withParameters = (parameters: Record<string, number>) => ({ ...valid, parameters });
    const accepted: Record<string, number>[] = [
      { maxTokens: 1 },
      { temperature: 0 },
      { temperature: 1 },
      { topP: 1 },
    ];
    for (const parameters of accepted)
      expect(validate(bedrockRequestSchema, withParameters(parameters)).parameters).toEqual(
        parameters,
      );
    const refused: Record<string, number>[] = [
      { maxTokens: 0 },
      { maxTokens: 1.5 },
      { temperature: -0.1 },
      { temperature: 1.1 },
      { topP: -0.1 },
    ];
    for (const parameters of refused)
      expect(
        refusalOf(() => validate(bedrockRequestSchema, withParameters(parameters))).field,
      ).toMatch(/^parameters\./);
  });

  it('takes SageMaker input as text, a non-empty list or an object, and scalar parameters', () => {
    for (const inputData of ['1,2,3', [1, 2], { features: [1] }])
      expect(
        validate(sagemakerRequestSchema, { modelName: 'endpoint-a', inputData }).inputData,
      ).toEqual(inputData);
    for (const inputData of ['  ', [], 7])
      expect(
        refusalOf(() => validate(sagemakerRequestSchema, { modelName: 'endpoint-a', inputData }))
          .field,
      ).toBe('inputData');
    expect(
      refusalOf(() =>
        validate(sagemakerRequestSchema, {
          modelName: 'endpoint-a',
          inputData: 'x',
          parameters: { nested: { a: 1 } },
        }),
      ).field,
    ).toBe('parameters.nested');
  });

  it('takes only a UUID as a job id', () => {
    expect(validate(jobIdSchema, '6b1c2d3e-0000-4000-8000-00000000abcd')).toBe(
      '6b1c2d3e-0000-4000-8000-00000000abcd',
    );
    expect(refusalOf(() => validate(jobIdSchema, '../other-user/job'))).toMatchObject({
      status: 400,
      message: 'body: must be a job id returned by POST /ml/sagemaker',
    });
  });
});
