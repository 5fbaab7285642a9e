import { describe, expect, it } from 'vitest';

import {
  partsOf,
  sseData,
  TEXT_STREAM,
  TOOL_OUTPUT,
  TOOL_STREAM,
} from './fixtures.test-support.ts';
import { chatCompletion, finishReason, OpenAiChunks } from './openai-response.ts';

const identity = { id: 'chatcmpl-1', created: 1700000000, model: 'claude' };

const run = (events: typeof TEXT_STREAM, includeUsage: boolean) => {
  const chunks = new OpenAiChunks(identity, includeUsage);
  return sseData(
    partsOf(events)
      .map((part) => chunks.next(part))
      .join('') + chunks.end(),
  );
};
const deltas = (data: unknown[]) =>
  data.map((chunk) =>
    chunk === '[DONE]'
      ? chunk
      : ((chunk as { choices: { delta: unknown; finish_reason: unknown }[] }).choices[0] ??
        'usage'),
  );

describe('finishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    [undefined, 'stop'],
  ])('%s → %s', (converse, openai) => expect(finishReason(converse)).toBe(openai));
});

describe('chatCompletion', () => {
  it('answers text and tool calls with the finish reason and usage (cached tokens included)', () => {
    expect(chatCompletion(TOOL_OUTPUT, identity)).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'claude',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            refusal: null,
            tool_calls: [
              {
                id: 'tu_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 2,
        total_tokens: 11,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
  });
});

describe('OpenAiChunks', () => {
  it('streams the role, the text, the finish reason, then [DONE]', () => {
    expect(deltas(run(TEXT_STREAM, false))).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: ' there' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
      '[DONE]',
    ]);
  });

  it('with include_usage: usage null on every chunk, then a last chunk without choices', () => {
    const data = run(TEXT_STREAM, true) as Record<string, unknown>[];
    expect(data.slice(0, -2).every((chunk) => chunk['usage'] === null)).toBe(true);
    expect(data.at(-2)).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'claude',
      choices: [],
      usage: {
        prompt_tokens: 8,
        completion_tokens: 2,
        total_tokens: 10,
        prompt_tokens_details: { cached_tokens: 3 },
      },
    });
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('streams a tool call: id and name first, then its arguments in pieces', () => {
    const choices = deltas(run(TOOL_STREAM, false));
    expect(choices.map((choice) => (choice as { delta?: unknown }).delta ?? choice)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Checking.' },
      {
        tool_calls: [
          {
            index: 0,
            id: 'tu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
      {},
      '[DONE]',
    ]);
    expect((choices.at(-2) as { finish_reason: string }).finish_reason).toBe('tool_calls');
  });

  it('every chunk carries the completion id, timestamp and model', () => {
    const data = run(TEXT_STREAM, false).slice(0, -1) as Record<string, unknown>[];
    for (const chunk of data)
      expect(chunk).toMatchObject({ ...identity, object: 'chat.completion.chunk' });
  });
});
