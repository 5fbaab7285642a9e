import { type StreamEvent } from '../../../contract/stream-events.ts';
import type { Invocation } from '../invocation.ts';
import { ndjsonLine } from '../ndjson.ts';
import type { WireChunk, WireReply } from './route.ts';

/**
 * A native streaming route's events as NDJSON lines; `done` gets the upstream latency, the
 * prompt's restorable masked values, if any, and what the ledger charged for the answer
 * (`costNanoUsd`, settled before the line is written).
 */
export function ndjsonReply(
  events: AsyncGenerator<StreamEvent>,
  invocation: Invocation,
): WireReply {
  async function* chunks(): AsyncGenerator<WireChunk> {
    for await (const item of events) {
      if (item.type === 'done') {
        const latencyMs = invocation.upstreamEnded();
        if (item.usage) invocation.reported(item.usage);
        const costNanoUsd = await invocation.answerCost();
        yield {
          data: ndjsonLine({
            ...item,
            latencyMs,
            ...invocation.maskedValues(),
            ...(costNanoUsd !== undefined ? { costNanoUsd } : {}),
          }),
          ...(item.usage ? { usage: item.usage } : {}),
        };
      } else
        yield { data: ndjsonLine(item), ...(item.type === 'delta' ? { text: item.text } : {}) };
    }
  }
  return {
    contentType: 'application/x-ndjson',
    chunks: chunks(),
    failed: (error) =>
      ndjsonLine({ type: 'error', error: { code: error.code, message: error.message } }),
  };
}
