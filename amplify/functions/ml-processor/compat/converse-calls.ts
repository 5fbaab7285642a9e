/**
 * The Converse calls of the compatible routes, as the translators read them. They go through
 * the model-call seam like every other route, so the caller's guardrail policy applies.
 */
import type {
  BedrockRuntimeClient,
  ConverseCommandInput,
  ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';

import { sendConverse, sendConverseStream } from '../model-calls.ts';
import type { WireChunk } from '../routes/route.ts';
import type { UpstreamCall } from '../upstream-call.ts';
import { answerBlocks, modelUsage, type StreamPart, streamParts } from './converse-output.ts';

/** One Converse call. */
export async function converseOnce(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): Promise<ConverseCommandOutput> {
  return sendConverse(client, input, call);
}

/** ConverseStream's events as parts; each event restarts the idle deadline. */
export async function* converseParts(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): AsyncGenerator<StreamPart> {
  const response = await sendConverseStream(client, input, call);
  for await (const event of response.stream ?? []) {
    call.touch();
    yield* streamParts(event);
  }
}

/** Renders stream parts into wire chunks with a translator (OpenAI chunks, Anthropic events). */
export async function* translatedChunks(
  parts: AsyncGenerator<StreamPart>,
  translator: { next(part: StreamPart): string; end(): string },
): AsyncGenerator<WireChunk> {
  for await (const part of parts) {
    const data = translator.next(part);
    const text =
      part.kind === 'text' ? part.text : part.kind === 'tool-input' ? part.json : undefined;
    yield {
      data,
      ...(text !== undefined ? { text } : {}),
      ...(part.kind === 'usage' ? { usage: part.usage } : {}),
    };
  }
  yield { data: translator.end() };
}

/** One buffered Converse answer as a single JSON chunk (a streaming route's `stream: false`). */
export async function* bufferedChunk(
  answer: () => Promise<ConverseCommandOutput>,
  render: (output: ConverseCommandOutput) => unknown,
): AsyncGenerator<WireChunk> {
  const output = await answer();
  const text = answerBlocks(output.output?.message?.content)
    .map((block) => (block.kind === 'text' ? block.text : JSON.stringify(block.input)))
    .join('');
  yield {
    data: JSON.stringify(render(output)),
    text,
    ...(output.usage ? { usage: modelUsage(output.usage) } : {}),
  };
}
