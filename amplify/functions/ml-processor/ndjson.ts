import type { StreamEvent } from '../../contract/stream-events.ts';

/** One NDJSON line of the streaming routes: a contract stream event. */
export const ndjsonLine = (event: StreamEvent): string => `${JSON.stringify(event)}\n`;
