/** Converse answers → Anthropic Messages and their streaming events. */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';

import type { ModelUsage } from '../../../contract/stream-events.ts';
import { answerBlocks, modelUsage, type StreamPart } from './converse-output.ts';
import { sseEvent } from './sse.ts';

/** Anthropic's `stop_reason` for a Converse stop reason. */
export function stopReason(converse: string | undefined): string {
  switch (converse) {
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
      return converse;
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic's `usage` object (input tokens exclude the cached ones, as in Converse). */
function anthropicUsage(usage: ModelUsage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
  };
}

/** Identity of one message. */
export interface MessageIdentity {
  readonly id: string;
  /** The model id the caller asked for (the catalog's). */
  readonly model: string;
}

const messageShell = (identity: MessageIdentity) => ({
  id: identity.id,
  type: 'message' as const,
  role: 'assistant' as const,
  model: identity.model,
});

/** The buffered answer (`type: 'message'`). */
export function anthropicMessage(output: ConverseCommandOutput, identity: MessageIdentity) {
  return {
    ...messageShell(identity),
    content: answerBlocks(output.output?.message?.content).map((block) =>
      block.kind === 'text'
        ? { type: 'text' as const, text: block.text }
        : { type: 'tool_use' as const, id: block.id, name: block.name, input: block.input },
    ),
    stop_reason: stopReason(output.stopReason),
    stop_sequence: null,
    usage: anthropicUsage(modelUsage(output.usage)),
  };
}

/**
 * Turns ConverseStream parts into Messages stream events: `message_start` and a `ping`, then
 * per block `content_block_start`, `content_block_delta`s and `content_block_stop`, then
 * `message_delta` (stop reason, usage) and `message_stop`. Converse opens text blocks
 * implicitly; the first delta of a new block opens it here.
 */
export class AnthropicEvents {
  readonly #identity: MessageIdentity;
  /** Anthropic index of each Converse block index, for the blocks opened so far. */
  readonly #index = new Map<number, number>();
  readonly #open = new Set<number>();
  #started = false;
  #stopReason = 'end_turn';
  #usage?: ModelUsage;

  constructor(identity: MessageIdentity) {
    this.#identity = identity;
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    return (
      sseEvent('message_start', {
        type: 'message_start',
        message: {
          ...messageShell(this.#identity),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // Converse reports usage only at the end: message_delta carries the figures.
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      }) + sseEvent('ping', { type: 'ping' })
    );
  }

  #openBlock(converseIndex: number, block: object): string {
    const index = this.#index.size;
    this.#index.set(converseIndex, index);
    this.#open.add(converseIndex);
    return sseEvent('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: block,
    });
  }

  #close(converseIndex: number): string {
    if (!this.#open.delete(converseIndex)) return '';
    const index = this.#index.get(converseIndex)!;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index });
  }

  /** The events for one part. */
  next(part: StreamPart): string {
    const start = this.#start();
    switch (part.kind) {
      case 'text': {
        const open = this.#index.has(part.index)
          ? ''
          : this.#openBlock(part.index, { type: 'text', text: '' });
        return (
          start +
          open +
          sseEvent('content_block_delta', {
            type: 'content_block_delta',
            index: this.#index.get(part.index),
            delta: { type: 'text_delta', text: part.text },
          })
        );
      }
      case 'tool-start':
        return (
          start +
          this.#openBlock(part.index, { type: 'tool_use', id: part.id, name: part.name, input: {} })
        );
      case 'tool-input':
        return (
          start +
          sseEvent('content_block_delta', {
            type: 'content_block_delta',
            index: this.#index.get(part.index) ?? 0,
            delta: { type: 'input_json_delta', partial_json: part.json },
          })
        );
      case 'block-stop':
        return start + this.#close(part.index);
      case 'stop':
        this.#stopReason = stopReason(part.stopReason);
        return start;
      case 'usage':
        this.#usage = part.usage;
        return start;
    }
  }

  /** The end of the message: open blocks closed, then `message_delta` and `message_stop`. */
  end(): string {
    const start = this.#start();
    const closing = [...this.#open].map((index) => this.#close(index)).join('');
    const usage = anthropicUsage(this.#usage ?? { inputTokens: 0, outputTokens: 0 });
    return (
      start +
      closing +
      sseEvent('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: this.#stopReason, stop_sequence: null },
        usage,
      }) +
      sseEvent('message_stop', { type: 'message_stop' })
    );
  }
}
