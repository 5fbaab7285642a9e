import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../../../local/models/local-catalog.ts';
import type { BedrockModel } from '../../../catalog.ts';
import { ApiError } from '../../shared/api-error.ts';
import { validate } from '../request.ts';
import { openAiChatSchema, openAiToConverse } from './openai-request.ts';

const entry = (id: string) =>
  LOCAL_CATALOG.find((candidate): candidate is BedrockModel => candidate.id === id)!;
const echo = entry('local.echo');
const cache = { minSystemChars: 10 };
const translate = (body: Record<string, unknown>, model = echo) =>
  openAiToConverse(validate(openAiChatSchema, { model: model.id, ...body }), model, cache);
const user = (content: unknown) => ({ role: 'user', content });

describe('openAiToConverse', () => {
  const cases: {
    name: string;
    body: Record<string, unknown>;
    expected: Record<string, unknown>;
    noTools?: boolean;
  }[] = [
    {
      name: 'a user message, with the model limit as maxTokens',
      body: { messages: [user('hi')] },
      expected: {
        modelId: 'local.echo-v1',
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        inferenceConfig: { maxTokens: 1000 },
      },
    },
    {
      name: 'system and developer messages joined into system',
      body: {
        messages: [
          { role: 'system', content: 'a' },
          { role: 'developer', content: [{ type: 'text', text: 'b' }] },
          user('hi'),
        ],
      },
      expected: { system: [{ text: 'a\n\nb' }] },
    },
    {
      name: 'a long system prompt with a cachePoint (model with promptCaching)',
      body: { messages: [{ role: 'system', content: 's'.repeat(10) }, user('hi')] },
      expected: { system: [{ text: 's'.repeat(10) }, { cachePoint: { type: 'default' } }] },
    },
    {
      name: 'parameters: max_completion_tokens over max_tokens, temperature, top_p, stop',
      body: {
        messages: [user('hi')],
        max_tokens: 50,
        max_completion_tokens: 20,
        temperature: 0.5,
        top_p: 0.9,
        stop: 'END',
      },
      expected: {
        inferenceConfig: { maxTokens: 20, temperature: 0.5, topP: 0.9, stopSequences: ['END'] },
      },
    },
    {
      name: 'consecutive user messages merged into one turn',
      body: { messages: [user('a'), user('b')] },
      expected: { messages: [{ role: 'user', content: [{ text: 'a' }, { text: 'b' }] }] },
    },
    {
      name: 'tools, a required tool choice, an assistant tool call and its result',
      body: {
        messages: [
          user('weather?'),
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'get_weather', parameters: { type: 'object' } },
          },
        ],
        tool_choice: 'required',
      },
      expected: {
        messages: [
          { role: 'user', content: [{ text: 'weather?' }] },
          {
            role: 'assistant',
            content: [
              { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } },
            ],
          },
          {
            role: 'user',
            content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: 'sunny' }] } }],
          },
        ],
        toolConfig: {
          tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }],
          toolChoice: { any: {} },
        },
      },
    },
    {
      name: 'tool_choice none without tool history: no tools offered',
      body: {
        messages: [user('hi')],
        tools: [{ type: 'function', function: { name: 'f' } }],
        tool_choice: 'none',
      },
      expected: {},
      noTools: true,
    },
    {
      name: 'a named tool choice',
      body: {
        messages: [user('hi')],
        tools: [{ type: 'function', function: { name: 'f' } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
      },
      expected: {
        toolConfig: {
          tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }],
          toolChoice: { tool: { name: 'f' } },
        },
      },
    },
    {
      name: 'an image part from a data: URL',
      body: {
        messages: [
          user([
            { type: 'text', text: 'see' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AQID' } },
          ]),
        ],
      },
      expected: {
        messages: [
          {
            role: 'user',
            content: [
              { text: 'see' },
              { image: { format: 'jpeg', source: { bytes: new Uint8Array([1, 2, 3]) } } },
            ],
          },
        ],
      },
    },
  ];
  it.each(cases)('$name', ({ body, expected, noTools }) => {
    const input = translate(body);
    expect(input).toMatchObject(expected);
    if (noTools) expect(input.toolConfig).toBeUndefined();
  });

  const refusals: { name: string; body: Record<string, unknown>; status: number; field: string }[] =
    [
      { name: 'no messages', body: { messages: [] }, status: 400, field: 'messages' },
      {
        name: 'temperature over 1',
        body: { messages: [user('hi')], temperature: 1.5 },
        status: 400,
        field: 'temperature',
      },
      {
        name: 'more than one choice',
        body: { messages: [user('hi')], n: 2 },
        status: 400,
        field: 'n',
      },
      {
        name: 'max_tokens over the model limit',
        body: { messages: [user('hi')], max_tokens: 5000 },
        status: 400,
        field: 'max_tokens',
      },
      {
        name: 'max_completion_tokens over the model limit',
        body: { messages: [user('hi')], max_completion_tokens: 5000 },
        status: 400,
        field: 'max_completion_tokens',
      },
      {
        name: 'input over maxInputChars',
        body: { messages: [user('x'.repeat(20_001))] },
        // 20,000 characters fit (local.echo's maxInputChars).
        status: 413,
        field: 'messages',
      },
      {
        name: 'an image by http URL',
        body: {
          messages: [user([{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }])],
        },
        status: 400,
        field: 'messages.0.content.0.image_url.url',
      },
      {
        name: 'an image of an unknown format',
        body: {
          messages: [
            user([{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AQID' } }]),
          ],
        },
        status: 400,
        field: 'messages.0.content.0.image_url.url',
      },
      {
        name: 'tool call arguments that are not JSON',
        body: {
          messages: [
            user('hi'),
            {
              role: 'assistant',
              tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{' } }],
            },
          ],
        },
        status: 400,
        field: 'messages.1.tool_calls.0.function.arguments',
      },
      {
        name: 'a conversation starting with the assistant',
        body: { messages: [{ role: 'assistant', content: 'hi' }] },
        status: 400,
        field: 'messages.0.role',
      },
      {
        name: 'an unknown role',
        body: { messages: [{ role: 'robot', content: 'hi' }] },
        status: 400,
        field: 'messages.0.role',
      },
    ];
  it.each(refusals)('refuses $name ($status, $field)', ({ body, status, field }) => {
    let thrown: unknown;
    try {
      translate(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status, field });
    if (status === 400) expect((thrown as ApiError).message).toContain(field);
  });
});
