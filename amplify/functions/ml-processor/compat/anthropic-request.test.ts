import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../../../local/models/local-catalog.ts';
import type { BedrockModel } from '../../../catalog.ts';
import { ApiError } from '../../shared/api-error.ts';
import { validate } from '../request.ts';
import { anthropicMessagesSchema, anthropicToConverse } from './anthropic-request.ts';

const entry = (id: string) =>
  LOCAL_CATALOG.find((candidate): candidate is BedrockModel => candidate.id === id)!;
const echo = entry('local.echo');
const translate = (body: Record<string, unknown>, model = echo) =>
  anthropicToConverse(
    validate(anthropicMessagesSchema, { model: model.id, max_tokens: 100, ...body }),
    model,
  );
const user = (content: unknown) => ({ role: 'user', content });
const CACHE_POINT = { cachePoint: { type: 'default' } };
const ephemeral = { type: 'ephemeral' };

describe('anthropicToConverse', () => {
  const cases: {
    name: string;
    body: Record<string, unknown>;
    expected: Record<string, unknown>;
  }[] = [
    {
      name: 'a string message, max_tokens and sampling parameters',
      body: {
        messages: [user('hi')],
        temperature: 0.3,
        top_p: 0.8,
        stop_sequences: ['STOP'],
      },
      expected: {
        modelId: 'local.echo-v1',
        messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        inferenceConfig: { maxTokens: 100, temperature: 0.3, topP: 0.8, stopSequences: ['STOP'] },
      },
    },
    {
      name: 'a string system prompt',
      body: { system: 'rules', messages: [user('hi')] },
      expected: { system: [{ text: 'rules' }] },
    },
    {
      name: 'cache_control on a system block, a message block and a tool → cachePoints',
      body: {
        system: [{ type: 'text', text: 'rules', cache_control: ephemeral }],
        messages: [user([{ type: 'text', text: 'long', cache_control: ephemeral }])],
        tools: [{ name: 'f', input_schema: { type: 'object' }, cache_control: ephemeral }],
      },
      expected: {
        system: [{ text: 'rules' }, CACHE_POINT],
        messages: [{ role: 'user', content: [{ text: 'long' }, CACHE_POINT] }],
        toolConfig: {
          tools: [
            { toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } },
            CACHE_POINT,
          ],
        },
      },
    },
    {
      name: 'tool use and tool result (with error status) blocks, tool_choice any',
      body: {
        messages: [
          user('weather?'),
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't1', name: 'f', input: { city: 'Oslo' } }],
          },
          user([{ type: 'tool_result', tool_use_id: 't1', content: 'failed', is_error: true }]),
        ],
        tools: [{ name: 'f', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any' },
      },
      expected: {
        messages: [
          { role: 'user', content: [{ text: 'weather?' }] },
          {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 't1', name: 'f', input: { city: 'Oslo' } } }],
          },
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: 't1', content: [{ text: 'failed' }], status: 'error' } },
            ],
          },
        ],
        toolConfig: { toolChoice: { any: {} } },
      },
    },
    {
      name: 'a base64 image block',
      body: {
        messages: [
          user([
            { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'AQI=' } },
          ]),
        ],
      },
      expected: {
        messages: [
          {
            role: 'user',
            content: [{ image: { format: 'gif', source: { bytes: new Uint8Array([1, 2]) } } }],
          },
        ],
      },
    },
  ];
  it.each(cases)('$name', ({ body, expected }) => {
    expect(translate(body)).toMatchObject(expected);
  });

  it('ignores cache_control for a model without prompt caching', () => {
    const input = translate(
      {
        system: [{ type: 'text', text: 'rules', cache_control: ephemeral }],
        messages: [user('hi')],
      },
      entry('local.summarizer'),
    );
    expect(input.system).toEqual([{ text: 'rules' }]);
  });

  const refusals: { name: string; body: Record<string, unknown>; status: number; field: string }[] =
    [
      {
        name: 'max_tokens missing',
        body: { max_tokens: undefined, messages: [user('hi')] },
        status: 400,
        field: 'max_tokens',
      },
      {
        name: 'max_tokens over the model limit',
        body: { max_tokens: 1001, messages: [user('hi')] },
        status: 400,
        field: 'max_tokens',
      },
      {
        name: 'extended thinking',
        body: { messages: [user('hi')], thinking: { type: 'enabled', budget_tokens: 1024 } },
        status: 400,
        field: 'thinking.type',
      },
      {
        name: 'an image by URL',
        body: {
          messages: [
            user([{ type: 'image', source: { type: 'url', url: 'https://x.test/a.png' } }]),
          ],
        },
        status: 400,
        field: 'messages.0.content.0.source.type',
      },
      {
        name: 'an image of an unknown media type',
        body: {
          messages: [
            user([
              { type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'AQI=' } },
            ]),
          ],
        },
        status: 400,
        field: 'messages.0.content.0.source',
      },
      {
        name: 'input over maxInputChars',
        body: { messages: [user('x'.repeat(20_001))] },
        status: 413,
        field: 'messages',
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
  });
});
