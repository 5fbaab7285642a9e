import type { ModelUsage, StreamEvent } from '../../contract/stream-events.ts';

/** The NDJSON lines of the streaming routes: the contract's stream events. */
export type { ModelUsage, StreamEvent };

/** One NDJSON line. */
export const ndjsonLine = (event: StreamEvent): string => `${JSON.stringify(event)}\n`;
