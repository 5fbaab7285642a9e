/** Server-sent events, as the OpenAI and Anthropic streaming APIs write them. */

/** One `data:` event (OpenAI's chunks). */
export const sseData = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** One named event (Anthropic's `event: <type>` then `data:`). */
export const sseEvent = (name: string, value: unknown): string =>
  `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;

/** OpenAI's end-of-stream marker. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Content type of a server-sent event stream. */
export const SSE_CONTENT_TYPE = 'text/event-stream';
