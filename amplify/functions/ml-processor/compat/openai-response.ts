/** Converse answers → OpenAI chat completions and `chat.completion.chunk` events. */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';

import type { ModelUsage } from '../../../contract/stream-events.ts';
import { answerBlocks, modelUsage, promptTokens, type StreamPart } from './converse-output.ts';
import { SSE_DONE, sseData } from './sse.ts';

/** OpenAI's `finish_reason` for a Converse stop reason. */
export function finishReason(stopReason: string | undefined): string {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** OpenAI's `usage` object. */
function openAiUsage(usage: ModelUsage) {
  const prompt = promptTokens(usage);
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
  };
}

/** Identity of one completion: the same id, timestamp and model on every chunk. */
export interface CompletionIdentity {
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The model id the caller asked for (the catalog's). */
  readonly model: string;
}

/** The buffered answer (`object: 'chat.completion'`). */
export function chatCompletion(output: ConverseCommandOutput, identity: CompletionIdentity) {
  const blocks = answerBlocks(output.output?.message?.content);
  const text = blocks.flatMap((block) => (block.kind === 'text' ? [block.text] : [])).join('');
  const calls = blocks.flatMap((block) =>
    block.kind === 'tool'
      ? [
          {
            id: block.id,
            type: 'function' as const,
            function: { name: block.name, arguments: JSON.stringify(block.input) },
          },
        ]
      : [],
  );
  return {
    id: identity.id,
    object: 'chat.completion' as const,
    created: identity.created,
    model: identity.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          content: text || (calls.length ? null : ''),
          refusal: null,
          ...(calls.length ? { tool_calls: calls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(output.stopReason),
      },
    ],
    usage: openAiUsage(modelUsage(output.usage)),
  };
}

/**
 * Turns ConverseStream parts into `chat.completion.chunk` events: a first chunk with the role,
 * content and tool-call deltas, a chunk with the finish reason, then (with `includeUsage`) a
 * chunk without choices carrying the usage, then `[DONE]`.
 */
export class OpenAiChunks {
  readonly #identity: CompletionIdentity;
  readonly #includeUsage: boolean;
  /** Tool-call index (0, 1, …) of each Converse content block that is a tool call. */
  readonly #toolIndex = new Map<number, number>();
  #started = false;

  constructor(identity: CompletionIdentity, includeUsage: boolean) {
    this.#identity = identity;
    this.#includeUsage = includeUsage;
  }

  #chunk(delta: object, finish: string | null = null): string {
    const { id, created, model } = this.#identity;
    return sseData({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(this.#includeUsage ? { usage: null } : {}),
    });
  }

  /** The first chunk (role) until sent, then nothing. */
  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    return this.#chunk({ role: 'assistant', content: '' });
  }

  /** The events for one part. */
  next(part: StreamPart): string {
    switch (part.kind) {
      case 'text':
        return this.#start() + this.#chunk({ content: part.text });
      case 'tool-start': {
        const index = this.#toolIndex.size;
        this.#toolIndex.set(part.index, index);
        return (
          this.#start() +
          this.#chunk({
            tool_calls: [
              {
                index,
                id: part.id,
                type: 'function',
                function: { name: part.name, arguments: '' },
              },
            ],
          })
        );
      }
      case 'tool-input': {
        const index = this.#toolIndex.get(part.index) ?? 0;
        return this.#chunk({ tool_calls: [{ index, function: { arguments: part.json } }] });
      }
      case 'stop':
        return this.#start() + this.#chunk({}, finishReason(part.stopReason));
      case 'usage': {
        if (!this.#includeUsage) return '';
        const { id, created, model } = this.#identity;
        return sseData({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: openAiUsage(part.usage),
        });
      }
      default:
        return '';
    }
  }

  /** The end of the stream. */
  end(): string {
    return this.#start() + SSE_DONE;
  }
}
