import { type WritableSignal, signal } from '@angular/core';
import type { ChatMessage, Usage } from '../../core/api/api-types';

/** One exchange: the user's prompt and the assistant's answer as it streams. */
export interface Exchange {
  readonly id: number;
  readonly prompt: string;
  readonly modelLabel: string;
  /** The answer so far; updated per streamed token without rebuilding the conversation. */
  readonly answer: WritableSignal<string>;
  readonly status: WritableSignal<'streaming' | 'done' | 'stopped' | 'failed'>;
  readonly error: WritableSignal<unknown>;
  readonly usage: WritableSignal<Usage | undefined>;
  /** The gateway's latency figure from the `done` event. */
  readonly latencyMs: WritableSignal<number | undefined>;
  /** Time to the first token, measured in the browser. */
  readonly firstTokenMs: WritableSignal<number | undefined>;
}

let nextId = 1;

/** A new exchange in the `streaming` state. */
export function startExchange(prompt: string, modelLabel: string): Exchange {
  return {
    id: nextId++,
    prompt,
    modelLabel,
    answer: signal(''),
    status: signal('streaming'),
    error: signal(undefined),
    usage: signal(undefined),
    latencyMs: signal(undefined),
    firstTokenMs: signal(undefined),
  };
}

/**
 * The messages sent for the next turn: earlier exchanges that produced an answer (stopped
 * ones keep their partial answer), alternating user/assistant, then the new prompt. Failed or
 * empty exchanges are left out so the roles keep alternating.
 */
export function conversationMessages(
  history: readonly Exchange[],
  prompt: string,
): readonly ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const exchange of history) {
    const answer = exchange.answer();
    const status = exchange.status();
    if ((status === 'done' || status === 'stopped') && answer.trim() !== '') {
      messages.push({ role: 'user', content: exchange.prompt });
      messages.push({ role: 'assistant', content: answer });
    }
  }
  messages.push({ role: 'user', content: prompt });
  return messages;
}
