import { signal, type WritableSignal } from '@angular/core';

import type { AttachmentSummary } from '../../../../amplify/contract/history';
import type { ChatMessage, Usage } from '../../core/api/api-types';

/** One exchange: the user's prompt and the assistant's answer as it streams. */
export interface Exchange {
  readonly id: number;
  readonly prompt: string;
  /** The model the prompt went to (kept per turn: a conversation may change model). */
  readonly modelId: string;
  readonly modelLabel: string;
  /**
   * The files sent with the prompt. Their bytes (`data`) stay in memory for Retry and Edit;
   * a conversation reopened from the history knows only their names, types and sizes.
   */
  readonly attachments: readonly (AttachmentSummary & {
    readonly data?: string;
    readonly preview?: string;
  })[];
  /** The answer so far; updated per streamed token without rebuilding the conversation. */
  readonly answer: WritableSignal<string>;
  readonly status: WritableSignal<'streaming' | 'done' | 'stopped' | 'failed'>;
  readonly error: WritableSignal<unknown>;
  readonly usage: WritableSignal<Usage | undefined>;
  /** Why the model stopped (`max_tokens`: cut at the output limit). */
  readonly stopReason: WritableSignal<string | undefined>;
  /** Earlier exchanges left out of what the model saw, to fit its input limit. */
  readonly leftOut: WritableSignal<number>;
  /** What the gateway's ledger charged for the answer, in nano-dollars (the `done` event). */
  readonly costNanoUsd: WritableSignal<number | undefined>;
  /** The gateway's latency figure from the `done` event. */
  readonly latencyMs: WritableSignal<number | undefined>;
  /** Time to the first token, measured in the browser. */
  readonly firstTokenMs: WritableSignal<number | undefined>;
  /**
   * Placeholder → value of what the guardrail masked in this prompt, when its policy lets the
   * user restore it (the `done` event's); held in memory only, never saved with the history.
   */
  readonly maskedValues: WritableSignal<Readonly<Record<string, string>> | undefined>;
  /** Whether the answer is shown with the masked values restored (off until the user asks). */
  readonly showMasked: WritableSignal<boolean>;
}

let nextId = 1;

/** A new exchange in the `streaming` state. */
export function startExchange(
  prompt: string,
  modelLabel: string,
  modelId = '',
  attachments: Exchange['attachments'] = [],
): Exchange {
  return {
    id: nextId++,
    prompt,
    modelId,
    modelLabel,
    attachments,
    answer: signal(''),
    status: signal('streaming'),
    error: signal(undefined),
    usage: signal(undefined),
    stopReason: signal(undefined),
    leftOut: signal(0),
    costNanoUsd: signal(undefined),
    latencyMs: signal(undefined),
    firstTokenMs: signal(undefined),
    maskedValues: signal(undefined),
    showMasked: signal(false),
  };
}

/** True for an exchange whose prompt and answer belong in the conversation. */
function answered(exchange: Exchange): boolean {
  const status = exchange.status();
  return (status === 'done' || status === 'stopped') && exchange.answer().trim() !== '';
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
  return fitConversation(history, prompt, Number.POSITIVE_INFINITY)!.messages;
}

/** The next turn's messages within a model's input limit, and how many earlier turns were left out. */
export interface FittedConversation {
  readonly messages: readonly ChatMessage[];
  readonly leftOut: number;
}

/**
 * Like `conversationMessages`, but leaves out the oldest answered exchanges until all message
 * text fits `maxInputChars` (the gateway refuses a longer input with 413). Returns undefined
 * when the prompt alone is too long.
 */
export function fitConversation(
  history: readonly Exchange[],
  prompt: string,
  maxInputChars: number,
): FittedConversation | undefined {
  if (prompt.length > maxInputChars) return undefined;
  const turns = history.filter(answered);
  let total = prompt.length + turns.reduce((sum, turn) => sum + turnChars(turn), 0);
  let first = 0;
  while (total > maxInputChars && first < turns.length) {
    total -= turnChars(turns[first]!);
    first++;
  }
  const messages: ChatMessage[] = turns.slice(first).flatMap((exchange) => [
    { role: 'user' as const, content: exchange.prompt },
    { role: 'assistant' as const, content: exchange.answer() },
  ]);
  messages.push({ role: 'user', content: prompt });
  return { messages, leftOut: first };
}

const turnChars = (exchange: Exchange) => exchange.prompt.length + exchange.answer().length;

/** What a conversation has used so far: its characters (what the next turn resends) and tokens. */
export interface ConversationUse {
  /** Characters of the answered turns, which the next turn sends again. */
  readonly chars: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** What the answers so far were charged, in nano-dollars; undefined when none says. */
  readonly costNanoUsd: number | undefined;
}

/** Sums the answered turns' characters and every reported answer's tokens and cost. */
export function conversationUse(exchanges: readonly Exchange[]): ConversationUse {
  let inputTokens = 0;
  let outputTokens = 0;
  let costNanoUsd: number | undefined;
  for (const exchange of exchanges) {
    inputTokens += exchange.usage()?.inputTokens ?? 0;
    outputTokens += exchange.usage()?.outputTokens ?? 0;
    const cost = exchange.costNanoUsd();
    if (cost !== undefined) costNanoUsd = (costNanoUsd ?? 0) + cost;
  }
  const chars = exchanges.filter(answered).reduce((sum, turn) => sum + turnChars(turn), 0);
  return { chars, inputTokens, outputTokens, costNanoUsd };
}
