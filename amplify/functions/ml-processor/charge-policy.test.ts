import { describe, expect, it } from 'vitest';

import { type Charge, type ChargeFacts, chargeFor } from './charge-policy.ts';

const hold = { inputTokens: 30, outputTokens: 100 };
const cachedHold = { inputTokens: 10, cacheWriteTokens: 20, outputTokens: 100 };
const reported = { inputTokens: 7, outputTokens: 12, cacheReadTokens: 20 };
const sagemaker = { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: 812 };
const zero = { inputTokens: 0, outputTokens: 0 };

const base: ChargeFacts = { phase: 'upstream', failed: false, clientGone: false, hold };

const cases: [string, Partial<ChargeFacts>, Charge][] = [
  [
    'refused by the gateway (validation, access, budget)',
    { phase: 'before-upstream', failed: true },
    { status: 'refunded', charged: zero },
  ],
  [
    'refused by the model service (throttled)',
    { phase: 'refused-by-upstream', failed: true, streamedOutputTokens: 0 },
    { status: 'refunded', charged: zero },
  ],
  ['a success with reported usage', { reported }, { status: 'ok', charged: reported }],
  [
    'a failure after the model reported usage',
    { failed: true, reported },
    { status: 'error', charged: reported },
  ],
  [
    'a SageMaker failure: its metered request and latency',
    { failed: true, reported: sagemaker },
    { status: 'error', charged: sagemaker },
  ],
  [
    'a buffered timeout (504): the whole hold',
    { failed: true },
    { status: 'error', charged: hold },
  ],
  [
    'a buffered 5xx after the call began: the whole hold',
    { failed: true },
    { status: 'error', charged: hold },
  ],
  [
    'a mid-stream error: input plus the output streamed so far',
    { failed: true, streamedOutputTokens: 4 },
    { status: 'error', charged: { inputTokens: 30, outputTokens: 4 } },
  ],
  [
    'a stream that failed before any output: the input',
    { failed: true, streamedOutputTokens: 0 },
    { status: 'error', charged: { inputTokens: 30, outputTokens: 0 } },
  ],
  [
    'a stream failure keeps the cache write of the hold',
    { failed: true, streamedOutputTokens: 3, hold: cachedHold },
    { status: 'error', charged: { inputTokens: 10, cacheWriteTokens: 20, outputTokens: 3 } },
  ],
  [
    'streamed output is never charged over the hold',
    { failed: true, streamedOutputTokens: 500 },
    { status: 'error', charged: hold },
  ],
  [
    'a stream that ended without usage: the input plus the output streamed',
    { streamedOutputTokens: 9 },
    { status: 'ok', charged: { inputTokens: 30, outputTokens: 9 } },
  ],
  ['a buffered success without usage: the whole hold', {}, { status: 'ok', charged: hold }],
  [
    'a client abort without reported usage: the whole hold',
    { failed: true, clientGone: true, streamedOutputTokens: 2 },
    { status: 'abandoned', charged: hold },
  ],
  [
    'a client abort after the usage arrived: the usage',
    { clientGone: true, reported, streamedOutputTokens: 12 },
    { status: 'ok', charged: reported },
  ],
];

describe('chargeFor', () => {
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(chargeFor({ ...base, ...facts })).toEqual(expected);
  });
});
