import type {
  BedrockRuntimeClient,
  ConverseCommandInput,
  TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';

import type { BedrockModel } from '../../catalog.ts';
import type { MessageAttachment } from '../../contract/request-bodies.ts';
import type { ModelUsage, StreamEvent } from '../../contract/stream-events.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import type { UsageAmounts } from '../shared/usage-ledger.ts';
import { attachmentBlocks } from './attachment-blocks.ts';
import { sendConverse, sendConverseStream } from './model-calls.ts';
import type { BedrockRequest } from './request.ts';
import type { UpstreamCall } from './upstream-call.ts';

/** The answer of `POST /ml/bedrock` (docs/api.md). */
export interface ConverseResult {
  output: { role: 'assistant'; content: string };
  stopReason: string;
  usage: ModelUsage;
}

/** When a system prompt gets a prompt-cache checkpoint. */
export interface PromptCachePolicy {
  /** Shortest system prompt (characters) worth a checkpoint (`PROMPT_CACHE_MIN_SYSTEM_CHARS`). */
  readonly minSystemChars: number;
}

/**
 * Builds the Converse input, enforcing the entry's limits: 413 when the prompt (all message
 * and system text) is over `maxInputChars`, 400 when `maxTokens` is over `maxOutputTokens`;
 * attachments become image and document blocks within the entry's `attachments` rules
 * (attachment-blocks.ts).
 * A system prompt of at least `cache.minSystemChars` to a model with `promptCaching` is
 * followed by a `cachePoint` block, so later calls read it from the cache.
 */
export function converseInput(
  entry: BedrockModel,
  body: BedrockRequest,
  cache: PromptCachePolicy,
): ConverseCommandInput {
  const turns: readonly {
    role: 'user' | 'assistant';
    content: string;
    attachments?: readonly MessageAttachment[];
  }[] = body.messages ?? [{ role: 'user' as const, content: body.prompt! }];
  const inputChars =
    turns.reduce((sum, turn) => sum + turn.content.length, 0) + (body.system?.length ?? 0);
  if (inputChars > entry.limits.maxInputChars)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The prompt is ${inputChars} characters; "${entry.id}" accepts ${entry.limits.maxInputChars}`,
      { field: body.messages ? 'messages' : 'prompt' },
    );
  const maxTokens = body.parameters?.maxTokens ?? entry.limits.maxOutputTokens;
  if (maxTokens > entry.limits.maxOutputTokens)
    throw badRequest(
      'parameters.maxTokens',
      `parameters.maxTokens: at most ${entry.limits.maxOutputTokens} for "${entry.id}"`,
    );
  const documentNames = new Set<string>();
  return {
    modelId: entry.modelId,
    // Attachments before the text they come with, as a person reads a message.
    messages: turns.map((turn, index) => ({
      role: turn.role,
      content: [...attachmentBlocks(entry, turn, index, documentNames), { text: turn.content }],
    })),
    ...(body.system
      ? {
          system:
            entry.promptCaching && body.system.length >= cache.minSystemChars
              ? // A checkpoint after the system text caches it: "Prompt caching for faster model
                // inference", docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html.
                [{ text: body.system }, { cachePoint: { type: 'default' } }]
              : [{ text: body.system }],
        }
      : {}),
    inferenceConfig: {
      maxTokens,
      ...(body.parameters?.temperature !== undefined
        ? { temperature: body.parameters.temperature }
        : {}),
      ...(body.parameters?.topP !== undefined ? { topP: body.parameters.topP } : {}),
    },
  };
}

/** Calls Converse (through the guardrail seam, model-calls.ts) and returns the assistant's text. */
export async function converse(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): Promise<ConverseResult> {
  const response = await sendConverse(client, input, call);
  const content = (response.output?.message?.content ?? [])
    .map((block) => block.text ?? '')
    .join('');
  return {
    output: { role: 'assistant', content },
    stopReason: response.stopReason ?? 'end_turn',
    usage: usageOf(response.usage),
  };
}

/** Converse's usage as the API answers it; the cache fields only when the model sent them. */
export function usageOf(usage: TokenUsage | undefined): ModelUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    ...(usage?.cacheReadInputTokens !== undefined
      ? { cacheReadTokens: usage.cacheReadInputTokens }
      : {}),
    ...(usage?.cacheWriteInputTokens !== undefined
      ? { cacheWriteTokens: usage.cacheWriteInputTokens }
      : {}),
  };
}

/**
 * The most a Converse call may use, held against the budget: one token per character of input
 * (tokenizers emit fewer) plus its output limit; a system prompt behind a `cachePoint` is held
 * as a cache write, the dearest way the model may bill it.
 */
export function converseWorstCase(input: ConverseCommandInput): UsageAmounts {
  const chars = (blocks: readonly { text?: string }[] = []) =>
    blocks.reduce((sum, block) => sum + (block.text?.length ?? 0), 0);
  const messageChars = (input.messages ?? []).reduce(
    (sum, message) => sum + chars(message.content),
    0,
  );
  const system = input.system ?? [];
  const systemChars = chars(system);
  const cached = system.some((block) => block.cachePoint !== undefined);
  return {
    inputTokens: messageChars + (cached ? 0 : systemChars),
    outputTokens: input.inferenceConfig?.maxTokens ?? 0,
    ...(cached ? { cacheWriteTokens: systemChars } : {}),
  };
}

/**
 * Calls ConverseStream (through the guardrail seam, model-calls.ts) and yields text deltas, then
 * one `done` event (without latency).
 */
export async function* converseStream(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): AsyncGenerator<StreamEvent> {
  const response = await sendConverseStream(client, input, call);
  let stopReason = 'end_turn';
  let usage: ModelUsage | undefined;
  for await (const event of response.stream ?? []) {
    call.touch();
    const text = event.contentBlockDelta?.delta?.text;
    if (text) yield { type: 'delta', text };
    if (event.messageStop?.stopReason) stopReason = event.messageStop.stopReason;
    if (event.metadata?.usage) usage = usageOf(event.metadata.usage);
  }
  // No metadata event: the usage is unknown (charged by the policy), not zero.
  yield { type: 'done', stopReason, ...(usage ? { usage } : {}) };
}
