/**
 * The model-call seam: the ONE module that sends model commands (Bedrock Converse and
 * ConverseStream, InvokeModel for embeddings, ApplyGuardrail, SageMaker InvokeEndpoint, its
 * stream and async variants).
 * Every call first applies the request's guardrail policy (bound to its UpstreamCall by the
 * Invocation): the detectors block or mask the prompt, and the policy's Bedrock guardrail goes
 * with Converse as `guardrailConfig` or is applied to SageMaker inputs and outputs with
 * ApplyGuardrail. A call without a policy is refused (fail closed), so no route can skip it;
 * `model-calls.architecture.test.ts` proves no other module imports these commands.
 */
import {
  ApplyGuardrailCommand,
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ConverseStreamCommand,
  type ConverseStreamCommandOutput,
  type ConverseStreamOutput,
  InvokeModelCommand,
  type SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import {
  InvokeEndpointAsyncCommand,
  type InvokeEndpointAsyncCommandInput,
  type InvokeEndpointAsyncCommandOutput,
  InvokeEndpointCommand,
  type InvokeEndpointCommandInput,
  type InvokeEndpointCommandOutput,
  InvokeEndpointWithResponseStreamCommand,
  type InvokeEndpointWithResponseStreamCommandInput,
  type InvokeEndpointWithResponseStreamCommandOutput,
  type ResponseStream,
  type SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';

import type { DetectorType } from '../../guardrails/detectors/index.ts';
import { RestorableValues, screenText } from '../../guardrails/screen.ts';
import { ApiError } from '../shared/api-error.ts';
import type { CallGuard, Intervention } from './call-guard.ts';
import type { UpstreamCall } from './upstream-call.ts';

/** How an answer names what a detector found (never the value itself). */
const DETECTOR_NAMES: Readonly<Record<DetectorType, string>> = {
  email: 'an e-mail address',
  phone: 'a phone number',
  card: 'a payment card number',
  iban: 'a bank account number (IBAN)',
  awsAccessKey: 'an AWS access key id',
  awsSecretKey: 'an AWS secret access key',
  privateKey: 'a private key',
  secret: 'a password or access token',
};

/**
 * The answer to an intervention: 422 (the request is well-formed, so not 400, but its content
 * may not be processed; sending it again unchanged cannot succeed), naming the policy, what was
 * found and what to do, never the content.
 */
function interventionError(intervention: Intervention): ApiError {
  const what =
    intervention.source === 'detector'
      ? intervention.stage === 'input'
        ? `it contains ${DETECTOR_NAMES[intervention.detector!]}`
        : `the model's answer contains ${DETECTOR_NAMES[intervention.detector!]}`
      : intervention.stage === 'input'
        ? 'the prompt is not allowed by the Bedrock guardrail'
        : "the model's answer is not allowed by the Bedrock guardrail";
  const todo =
    intervention.source === 'detector' && intervention.stage === 'input'
      ? 'Remove it and send again'
      : 'Rephrase the request and send again';
  return new ApiError(
    422,
    'GUARDRAIL_INTERVENED',
    `Stopped by guardrail policy "${intervention.policy}": ${what}. ${todo}, or ask an administrator about the policy.`,
    {
      details: {
        policy: intervention.policy,
        source: intervention.source,
        stage: intervention.stage,
        ...(intervention.detector ? { detector: intervention.detector } : {}),
      },
    },
  );
}

/** The request's guard; refuses a model call nobody bound a policy to. */
function guardOf(call: UpstreamCall): CallGuard {
  const guard = call.guard;
  if (!guard) throw new Error('A model call without a guardrail policy was refused');
  return guard;
}

/** Counts and throws an intervention. */
function intervene(guard: CallGuard, intervention: Omit<Intervention, 'policy'>): never {
  const full = { policy: guard.policy.name, ...intervention };
  guard.intervened(full);
  throw interventionError(full);
}

/** Screens a collection of texts as one request (or one answer): blocks or returns them masked. */
function screenAll(
  guard: CallGuard,
  texts: readonly string[],
  stage: 'input' | 'output' = 'input',
): string[] {
  const masked = new Set<DetectorType>();
  // Only the caller's own prompt may be restored for them, never what a model or endpoint wrote.
  const restorable =
    stage === 'input' && guard.policy.restorable.length > 0 ? new RestorableValues() : undefined;
  const out = texts.map((text) => {
    const screening = screenText(text, guard.policy, restorable);
    if (screening.blocked)
      intervene(guard, { source: 'detector', detector: screening.blocked, stage });
    for (const type of screening.masked) masked.add(type);
    return screening.text;
  });
  if (masked.size > 0) guard.masked([...masked]);
  if (restorable && restorable.size > 0) guard.restorable?.(restorable.mapping());
  return out;
}

/**
 * Document formats whose bytes are text the detectors read (screened and masked like a
 * message's text); the others (PDF, Word, Excel) and images are not read by the gateway, only
 * their names, so a catalog entry that must have every byte screened lists text formats only.
 */
const TEXT_DOCUMENT_FORMATS: ReadonlySet<string> = new Set(['txt', 'md', 'csv', 'html']);

/** The texts of a block the detectors read: its text, or a document's name (and text content). */
function blockTexts(block: ContentBlock): string[] {
  if (block.text !== undefined) return [block.text];
  const document = block.document;
  if (!document) return [];
  const bytes = document.source?.bytes;
  const readable = bytes !== undefined && TEXT_DOCUMENT_FORMATS.has(document.format ?? '');
  return [document.name ?? '', ...(readable ? [Buffer.from(bytes).toString('utf8')] : [])];
}

/** The block with its texts replaced by their screened versions (`take` gives them in order). */
function screenedBlock(block: ContentBlock, take: () => string): ContentBlock {
  if (block.text !== undefined) return { ...block, text: take() } as ContentBlock;
  const document = block.document;
  if (!document) return block;
  const texts = blockTexts(block);
  const name = take();
  const content = texts.length > 1 ? take() : undefined;
  const masked = content !== undefined && content !== texts[1];
  return {
    document: {
      ...document,
      ...(document.name !== undefined ? { name } : {}),
      ...(masked ? { source: { bytes: new Uint8Array(Buffer.from(content, 'utf8')) } } : {}),
    },
  } as ContentBlock;
}

/** The Converse input with its texts (and text documents) screened and the policy's guardrail attached. */
function guardedConverseInput(
  guard: CallGuard,
  input: ConverseCommandInput,
  operation: 'Converse' | 'ConverseStream',
): ConverseCommandInput {
  const messages = input.messages ?? [];
  const system = input.system ?? [];
  const texts = [
    ...messages.flatMap((message) => (message.content ?? []).flatMap(blockTexts)),
    ...system.flatMap((block) => block.text ?? []),
  ];
  const screened = screenAll(guard, texts);
  let next = 0;
  const take = () => screened[next++]!;
  const swap = <Block extends { text?: string }>(block: Block): Block =>
    block.text !== undefined ? { ...block, text: take() } : block;
  const bedrockGuardrail = guard.policy.bedrockGuardrail;
  return {
    ...input,
    messages: messages.map((message) => ({
      ...message,
      content: (message.content ?? []).map((block) => screenedBlock(block, take)),
    })),
    ...(input.system
      ? { system: system.map((block) => swap(block as { text?: string })) as SystemContentBlock[] }
      : {}),
    ...(bedrockGuardrail
      ? {
          // Converse takes GuardrailConfiguration, ConverseStream adds streamProcessingMode
          // (Bedrock API Reference, API_runtime_GuardrailConfiguration.html and
          // API_runtime_GuardrailStreamConfiguration.html).
          guardrailConfig: {
            guardrailIdentifier: bedrockGuardrail.guardrailIdentifier,
            guardrailVersion: bedrockGuardrail.guardrailVersion,
            ...(operation === 'ConverseStream'
              ? { streamProcessingMode: bedrockGuardrail.streamProcessingMode }
              : {}),
          },
        }
      : {}),
  };
}

/** Bedrock's stop reason when its guardrail replaced the answer (API_runtime_Converse.html). */
const GUARDRAIL_STOP = 'guardrail_intervened';

/** Converse under the request's policy. */
export async function sendConverse(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): Promise<ConverseCommandOutput> {
  const guard = guardOf(call);
  const response = await client.send(
    new ConverseCommand(guardedConverseInput(guard, input, 'Converse')),
    {
      abortSignal: call.signal,
    },
  );
  // Bedrock answers 200 with its blocked message; the caller gets the gateway's own answer.
  if (response.stopReason === GUARDRAIL_STOP)
    intervene(guard, { source: 'bedrockGuardrail', stage: 'output' });
  return response;
}

/** ConverseStream under the request's policy; a guardrail stop ends the stream with an error. */
export async function sendConverseStream(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
  call: UpstreamCall,
): Promise<ConverseStreamCommandOutput> {
  const guard = guardOf(call);
  const response = await client.send(
    new ConverseStreamCommand(guardedConverseInput(guard, input, 'ConverseStream')),
    { abortSignal: call.signal },
  );
  const events = response.stream;
  if (!events) return response;
  async function* watched(): AsyncGenerator<ConverseStreamOutput> {
    for await (const event of events!) {
      if (event.messageStop?.stopReason === GUARDRAIL_STOP)
        intervene(guard, { source: 'bedrockGuardrail', stage: 'output' });
      yield event;
    }
  }
  return { ...response, stream: watched() };
}

/**
 * ApplyGuardrail on a text (API_runtime_ApplyGuardrail.html: `source` INPUT or OUTPUT, text
 * content blocks; `action` GUARDRAIL_INTERVENED when it stops the text).
 */
async function applyGuardrail(
  guard: CallGuard,
  text: string,
  stage: 'input' | 'output',
  call: UpstreamCall,
): Promise<void> {
  const bedrockGuardrail = guard.policy.bedrockGuardrail;
  if (!bedrockGuardrail || text === '') return;
  if (!guard.bedrock) throw new Error('ApplyGuardrail needs the Bedrock Runtime client');
  const response = await guard.bedrock.send(
    new ApplyGuardrailCommand({
      guardrailIdentifier: bedrockGuardrail.guardrailIdentifier,
      guardrailVersion: bedrockGuardrail.guardrailVersion,
      source: stage === 'input' ? 'INPUT' : 'OUTPUT',
      content: [{ text: { text } }],
    }),
    { abortSignal: call.signal },
  );
  if (response.action === 'GUARDRAIL_INTERVENED')
    intervene(guard, { source: 'bedrockGuardrail', stage });
}

/** InvokeModel calls one embeddings request keeps in flight (each text is one call). */
export const EMBEDDING_CONCURRENCY = 4;

/**
 * InvokeModel for embeddings under the request's policy: the texts screened as one request
 * (the detectors block or mask), then the policy's Bedrock guardrail through ApplyGuardrail
 * (an embedding body has no guardrail field), then one InvokeModel per text with the body
 * `bodyOf` builds, at most EMBEDDING_CONCURRENCY at a time. Answers come back in text order,
 * as parsed JSON.
 */
export async function sendEmbeddings(
  client: BedrockRuntimeClient,
  modelId: string,
  texts: readonly string[],
  bodyOf: (text: string) => object,
  call: UpstreamCall,
): Promise<unknown[]> {
  const guard = guardOf(call);
  const screened = screenAll(guard, texts);
  await applyGuardrail(guard, screened.join('\n\n'), 'input', call);
  const answers = new Array<unknown>(screened.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < screened.length; i = next++) {
      const response = await client.send(
        new InvokeModelCommand({
          modelId,
          contentType: 'application/json',
          accept: 'application/json',
          body: JSON.stringify(bodyOf(screened[i]!)),
        }),
        { abortSignal: call.signal },
      );
      answers[i] = JSON.parse(Buffer.from(response.body ?? new Uint8Array()).toString('utf8'));
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(EMBEDDING_CONCURRENCY, screened.length) }, worker),
  );
  return answers;
}

/** Masks every string of a JSON value (keys stay; numbers cannot hold the detected formats). */
function screenJson(guard: CallGuard, value: unknown, stage: 'input' | 'output'): unknown {
  const strings: string[] = [];
  const collect = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') Object.values(node).forEach(collect);
  };
  collect(value);
  const screened = screenAll(guard, strings, stage);
  let next = 0;
  const rebuild = (node: unknown): unknown => {
    if (typeof node === 'string') return screened[next++];
    if (Array.isArray(node)) return node.map(rebuild);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, rebuild(item)]));
    return node;
  };
  return rebuild(value);
}

/** Calls whose payload went through `screenEndpointPayload` (async inference uploads first). */
const screenedCalls = new WeakSet<UpstreamCall>();

/**
 * Screens a SageMaker payload under the request's policy: the detectors over its text (each
 * string of a JSON payload, so masking keeps it valid JSON), then the Bedrock guardrail.
 */
export async function screenEndpointPayload(
  payload: Uint8Array,
  contentType: string | undefined,
  call: UpstreamCall,
): Promise<Uint8Array> {
  const screened = await screenPayload(payload, contentType, 'input', call);
  screenedCalls.add(call);
  return screened;
}

/**
 * Screens an async job's output (read from S3, never seen by a model call of this request)
 * under the caller's policy before it is answered: the detectors over its text, blocking or
 * masking as for a prompt, then the Bedrock guardrail with ApplyGuardrail `source: OUTPUT`.
 */
export async function screenEndpointOutput(
  output: Uint8Array,
  contentType: string | undefined,
  call: UpstreamCall,
): Promise<Uint8Array> {
  return screenPayload(output, contentType, 'output', call);
}

/** Detectors then the Bedrock guardrail over a payload (each string of a JSON one). */
async function screenPayload(
  payload: Uint8Array,
  contentType: string | undefined,
  stage: 'input' | 'output',
  call: UpstreamCall,
): Promise<Uint8Array> {
  const guard = guardOf(call);
  const text = Buffer.from(payload).toString('utf8');
  let screened: string;
  if (/json/i.test(contentType ?? '')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = undefined;
    }
    screened =
      parsed === undefined
        ? screenAll(guard, [text], stage)[0]!
        : JSON.stringify(screenJson(guard, parsed, stage));
  } else screened = screenAll(guard, [text], stage)[0]!;
  await applyGuardrail(guard, screened, stage, call);
  return screened === text ? payload : Buffer.from(screened, 'utf8');
}

/** The endpoint input with its body screened. */
async function screenedInput<Input extends { Body: Uint8Array | undefined; ContentType?: string }>(
  input: Input,
  call: UpstreamCall,
): Promise<Input> {
  const body = input.Body ?? new Uint8Array();
  return { ...input, Body: await screenEndpointPayload(body, input.ContentType, call) };
}

/** InvokeEndpoint under the request's policy: the input screened, the output guardrailed. */
export async function sendInvokeEndpoint(
  client: SageMakerRuntimeClient,
  input: InvokeEndpointCommandInput,
  call: UpstreamCall,
): Promise<InvokeEndpointCommandOutput> {
  const guarded = await screenedInput(
    input as InvokeEndpointCommandInput & { Body: Uint8Array },
    call,
  );
  const response = await client.send(new InvokeEndpointCommand(guarded), {
    abortSignal: call.signal,
  });
  const output = Buffer.from(response.Body ?? new Uint8Array()).toString('utf8');
  await applyGuardrail(guardOf(call), output, 'output', call);
  return response;
}

/**
 * InvokeEndpointWithResponseStream under the request's policy: the input screened; with a
 * Bedrock guardrail, the whole streamed output goes through ApplyGuardrail when the stream ends
 * (like Converse's `async` mode, the text has streamed by then; the stream ends in an error).
 */
export async function sendInvokeEndpointStream(
  client: SageMakerRuntimeClient,
  input: InvokeEndpointWithResponseStreamCommandInput,
  call: UpstreamCall,
): Promise<InvokeEndpointWithResponseStreamCommandOutput> {
  const guard = guardOf(call);
  const guarded = await screenedInput(
    input as InvokeEndpointWithResponseStreamCommandInput & { Body: Uint8Array },
    call,
  );
  const response = await client.send(new InvokeEndpointWithResponseStreamCommand(guarded), {
    abortSignal: call.signal,
  });
  const events = response.Body;
  if (!events || !guard.policy.bedrockGuardrail) return response;
  async function* checked(): AsyncGenerator<ResponseStream> {
    const decoder = new TextDecoder();
    let output = '';
    for await (const event of events!) {
      output += decoder.decode(event.PayloadPart?.Bytes, { stream: true });
      yield event;
    }
    await applyGuardrail(guard, output + decoder.decode(), 'output', call);
  }
  return { ...response, Body: checked() };
}

/** InvokeEndpointAsync; its input (already in S3) must have gone through `screenEndpointPayload`. */
export async function sendInvokeEndpointAsync(
  client: SageMakerRuntimeClient,
  input: InvokeEndpointAsyncCommandInput,
  call: UpstreamCall,
): Promise<InvokeEndpointAsyncCommandOutput> {
  guardOf(call);
  if (!screenedCalls.has(call))
    throw new Error('An async inference whose input was not screened was refused');
  return client.send(new InvokeEndpointAsyncCommand(input), { abortSignal: call.signal });
}
