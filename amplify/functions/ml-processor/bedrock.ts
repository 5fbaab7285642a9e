import {
  ConverseCommand,
  ConverseStreamCommand,
  type BedrockRuntimeClient,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { BedrockModel } from '../../catalog.ts';
import { ApiError, badRequest } from './errors.ts';
import type { BedrockRequest } from './request.ts';
import type { StreamEvent } from './stream-events.ts';
import type { UpstreamCall } from './upstream-call.ts';

/** The answer of `POST /ml/bedrock` (docs/api.md). */
export interface ConverseResult {
  output: { role: 'assistant'; content: string };
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number };
}

/**
 * Builds the Converse input, enforcing the entry's limits: 413 when the prompt (all message
 * and system text) is over `maxInputChars`, 400 when `maxTokens` is over `maxOutputTokens`.
 */
export function converseInput(entry: BedrockModel, body: BedrockRequest): ConverseCommandInput {
  const turns = body.messages ?? [{ role: 'user' as const, content: body.prompt! }];
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
  return {
    modelId: entry.modelId,
    messages: turns.map((turn) => ({ role: turn.role, content: [{ text: turn.content }] })),
    ...(body.system ? { system: [{ text: body.system }] } : {}),
    inferenceConfig: {
      maxTokens,
      ...(body.parameters?.temperature !== undefined
        ? { temperature: body.parameters.temperature }
        : {}),
      ...(body.parameters?.topP !== undefined ? { topP: body.parameters.topP } : {}),
    },
  };
}

/** Calls Converse and returns the assistant's text. */
export async function converse(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): Promise<ConverseResult> {
  const response = await client.send(new ConverseCommand(input), { abortSignal: call.signal });
  const content = (response.output?.message?.content ?? [])
    .map((block) => block.text ?? '')
    .join('');
  return {
    output: { role: 'assistant', content },
    stopReason: response.stopReason ?? 'end_turn',
    usage: {
      inputTokens: response.usage?.inputTokens ?? 0,
      outputTokens: response.usage?.outputTokens ?? 0,
    },
  };
}

/** Calls ConverseStream and yields text deltas, then one `done` event (without latency). */
export async function* converseStream(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): AsyncGenerator<StreamEvent> {
  const response = await client.send(new ConverseStreamCommand(input), {
    abortSignal: call.signal,
  });
  let stopReason = 'end_turn';
  let usage = { inputTokens: 0, outputTokens: 0 };
  for await (const event of response.stream ?? []) {
    call.touch();
    const text = event.contentBlockDelta?.delta?.text;
    if (text) yield { type: 'delta', text };
    if (event.messageStop?.stopReason) stopReason = event.messageStop.stopReason;
    if (event.metadata?.usage)
      usage = {
        inputTokens: event.metadata.usage.inputTokens ?? 0,
        outputTokens: event.metadata.usage.outputTokens ?? 0,
      };
  }
  yield { type: 'done', stopReason, usage };
}
