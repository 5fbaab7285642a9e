import { describe, expect, it } from 'vitest';

import { AnthropicEvents, anthropicMessage, stopReason } from './anthropic-response.ts';
import {
  partsOf,
  sseData,
  TEXT_STREAM,
  TOOL_OUTPUT,
  TOOL_STREAM,
} from './fixtures.test-support.ts';

const identity = { id: 'msg_1', model: 'claude' };

/** Each event as `[event name, data]`. */
const run = (events: typeof TEXT_STREAM) => {
  const translator = new AnthropicEvents(identity);
  const text =
    partsOf(events)
      .map((part) => translator.next(part))
      .join('') + translator.end();
  const names = text
    .split('\n\n')
    .filter(Boolean)
    .map((event) => event.split('\n')[0]!.replace('event: ', ''));
  const data = sseData(text) as { type: string }[];
  data.forEach((item, index) => expect(item.type).toBe(names[index]));
  return data;
};

describe('stopReason', () => {
  it.each([
    ['end_turn', 'end_turn'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['tool_use', 'tool_use'],
    ['model_context_window_exceeded', 'max_tokens'],
    ['guardrail_intervened', 'refusal'],
    [undefined, 'end_turn'],
  ])('%s → %s', (converse, anthropic) => expect(stopReason(converse)).toBe(anthropic));
});

describe('anthropicMessage', () => {
  it('answers text and tool_use blocks, the stop reason and usage with cache fields', () => {
    expect(anthropicMessage(TOOL_OUTPUT, identity)).toEqual({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Oslo' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 5,
        output_tokens: 2,
        cache_creation_input_tokens: 4,
        cache_read_input_tokens: 0,
      },
    });
  });
});

describe('AnthropicEvents', () => {
  it('streams a text message with every event type in order', () => {
    expect(run(TEXT_STREAM)).toEqual([
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      { type: 'ping' },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' there' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: {
          input_tokens: 5,
          output_tokens: 2,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 3,
        },
      },
      { type: 'message_stop' },
    ]);
  });

  it('streams a tool_use block with input_json_delta pieces', () => {
    const events = run(TOOL_STREAM);
    expect(events.slice(5, 9)).toEqual([
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"city":' },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '"Oslo"}' },
      },
      { type: 'content_block_stop', index: 1 },
    ]);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('closes a block the model left open, and starts even when nothing was streamed', () => {
    const open = run(TEXT_STREAM.filter((event) => !event.contentBlockStop));
    expect(open.map((event) => event.type).slice(-3)).toEqual([
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(run([]).map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ]);
  });
});
