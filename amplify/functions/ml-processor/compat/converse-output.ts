/**
 * Reading Converse's answers the same way for both compatible APIs: the blocks of a buffered
 * answer, and the ConverseStream events, as a small vocabulary of parts.
 */
import type {
  ContentBlock,
  ConverseStreamOutput,
  TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';

import type { ModelUsage } from '../../../contract/stream-events.ts';
import { usageOf } from '../bedrock.ts';

/** One block of an answer: text, or a tool call with its input. */
export type AnswerBlock =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'tool';
      readonly id: string;
      readonly name: string;
      readonly input: unknown;
    };

/** The blocks of a buffered Converse answer (reasoning and other kinds are not passed on). */
export function answerBlocks(content: readonly ContentBlock[] | undefined): AnswerBlock[] {
  return (content ?? []).flatMap((block): AnswerBlock[] => {
    if (block.text !== undefined) return [{ kind: 'text', text: block.text }];
    if (block.toolUse)
      return [
        {
          kind: 'tool',
          id: block.toolUse.toolUseId ?? '',
          name: block.toolUse.name ?? '',
          input: block.toolUse.input ?? {},
        },
      ];
    return [];
  });
}

/** A ConverseStream event as the translators read it. */
export type StreamPart =
  | { readonly kind: 'text'; readonly index: number; readonly text: string }
  | {
      readonly kind: 'tool-start';
      readonly index: number;
      readonly id: string;
      readonly name: string;
    }
  | { readonly kind: 'tool-input'; readonly index: number; readonly json: string }
  | { readonly kind: 'block-stop'; readonly index: number }
  | { readonly kind: 'stop'; readonly stopReason: string }
  | { readonly kind: 'usage'; readonly usage: ModelUsage };

/** The parts of one ConverseStream event (none for events the APIs do not carry). */
export function streamParts(event: ConverseStreamOutput): StreamPart[] {
  if (event.contentBlockStart?.start?.toolUse) {
    const { toolUseId = '', name = '' } = event.contentBlockStart.start.toolUse;
    return [
      {
        kind: 'tool-start',
        index: event.contentBlockStart.contentBlockIndex ?? 0,
        id: toolUseId,
        name,
      },
    ];
  }
  if (event.contentBlockDelta) {
    const index = event.contentBlockDelta.contentBlockIndex ?? 0;
    const delta = event.contentBlockDelta.delta;
    if (delta?.text) return [{ kind: 'text', index, text: delta.text }];
    if (delta?.toolUse?.input) return [{ kind: 'tool-input', index, json: delta.toolUse.input }];
    return [];
  }
  if (event.contentBlockStop)
    return [{ kind: 'block-stop', index: event.contentBlockStop.contentBlockIndex ?? 0 }];
  if (event.messageStop)
    return [{ kind: 'stop', stopReason: event.messageStop.stopReason ?? 'end_turn' }];
  if (event.metadata?.usage) return [{ kind: 'usage', usage: usageOf(event.metadata.usage) }];
  return [];
}

/** Converse usage as the model reported it (or zeros). */
export const modelUsage = (usage: TokenUsage | undefined): ModelUsage => usageOf(usage);

/** Input tokens including the cached ones: what OpenAI calls `prompt_tokens`. */
export const promptTokens = (usage: ModelUsage): number =>
  usage.inputTokens + (usage.cacheReadTokens ?? 0) + (usage.cacheWriteTokens ?? 0);
