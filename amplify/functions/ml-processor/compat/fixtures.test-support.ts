/** ConverseStream event sequences and buffered outputs the translator tests share. */
import type { ConverseCommandOutput, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { type StreamPart, streamParts } from './converse-output.ts';

const usage = { inputTokens: 5, outputTokens: 2, totalTokens: 7 };

/** A text answer, as Bedrock streams it. */
export const TEXT_STREAM: ConverseStreamOutput[] = [
  { messageStart: { role: 'assistant' } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hello' } } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ' there' } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: 'end_turn' } },
  { metadata: { usage: { ...usage, cacheReadInputTokens: 3 }, metrics: { latencyMs: 1 } } },
];

/** Some text, then a tool call. */
export const TOOL_STREAM: ConverseStreamOutput[] = [
  { messageStart: { role: 'assistant' } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Checking.' } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  {
    contentBlockStart: {
      contentBlockIndex: 1,
      start: { toolUse: { toolUseId: 'tu_1', name: 'get_weather' } },
    },
  },
  { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } } },
  { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '"Oslo"}' } } } },
  { contentBlockStop: { contentBlockIndex: 1 } },
  { messageStop: { stopReason: 'tool_use' } },
  { metadata: { usage, metrics: { latencyMs: 1 } } },
];

export const partsOf = (events: ConverseStreamOutput[]): StreamPart[] =>
  events.flatMap(streamParts);

/** A buffered answer with text and a tool call. */
export const TOOL_OUTPUT: ConverseCommandOutput = {
  $metadata: {},
  output: {
    message: {
      role: 'assistant',
      content: [
        { text: 'Checking.' },
        { toolUse: { toolUseId: 'tu_1', name: 'get_weather', input: { city: 'Oslo' } } },
      ],
    },
  },
  stopReason: 'tool_use',
  usage: { ...usage, cacheWriteInputTokens: 4 },
  metrics: { latencyMs: 1 },
};

/** The JSON of every `data:` line of an SSE text. */
export const sseData = (text: string): unknown[] =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((event) =>
      event
        .split('\n')
        .find((line) => line.startsWith('data: '))!
        .slice(6),
    )
    .map((data) => (data === '[DONE]' ? '[DONE]' : JSON.parse(data)));
