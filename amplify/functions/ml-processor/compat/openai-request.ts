/**
 * `POST /openai/v1/chat/completions` request → Converse input. Fields the gateway does not
 * use (`user`, `seed`, `store`, `parallel_tool_calls`, …) are accepted and ignored, as SDKs and
 * coding tools send them; fields with a meaning it cannot honour are refused by name.
 */
import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
  SystemContentBlock,
  Tool,
  ToolChoice,
} from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod/mini';

import type { BedrockModel } from '../../../catalog.ts';
import { badRequest } from '../../shared/api-error.ts';
import type { PromptCachePolicy } from '../bedrock.ts';
import { alternatingTurns, checkLimits, imageBlock } from './converse-input.ts';

/** Most messages a request may carry (the native route's limit). */
export const MAX_MESSAGES = 100;
/** Most tools a request may offer. */
export const MAX_TOOLS = 64;

const nonEmpty = () => z.string().check(z.minLength(1));
const unitInterval = z.nullish(z.number().check(z.gte(0), z.lte(1)));

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: nonEmpty(), detail: z.optional(z.string()) }),
});
// A string is one text part: the schema then reports errors at the part's path.
const userContent = z.pipe(
  z.transform((value: unknown) =>
    typeof value === 'string' ? [{ type: 'text', text: value }] : value,
  ),
  z.array(z.discriminatedUnion('type', [textPart, imagePart])).check(z.minLength(1)),
);
const textContent = z.union([z.string(), z.array(textPart)]);
const toolCall = z.object({
  id: nonEmpty(),
  type: z.literal('function'),
  function: z.object({ name: nonEmpty(), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: textContent }),
  z.object({ role: z.literal('developer'), content: textContent }),
  z.object({ role: z.literal('user'), content: userContent }),
  z.object({
    role: z.literal('assistant'),
    content: z.nullish(textContent),
    tool_calls: z.optional(z.array(toolCall)),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: nonEmpty(), content: textContent }),
]);

const toolName = z
  .string()
  .check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'));

/** The body of a chat completion request. */
export const openAiChatSchema = z.object({
  model: z.string().check(z.minLength(1), z.maxLength(128)),
  messages: z.array(messageSchema).check(z.minLength(1), z.maxLength(MAX_MESSAGES)),
  max_tokens: z.nullish(z.int().check(z.gte(1))),
  max_completion_tokens: z.nullish(z.int().check(z.gte(1))),
  // Bedrock's models take 0 to 1 (OpenAI's own range goes to 2).
  temperature: unitInterval,
  top_p: unitInterval,
  stop: z.nullish(z.union([nonEmpty(), z.array(nonEmpty()).check(z.maxLength(4))])),
  n: z.nullish(z.literal(1, 'only 1 choice is supported')),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.object({ include_usage: z.optional(z.boolean()) })),
  tools: z.optional(
    z
      .array(
        z.object({
          type: z.literal('function'),
          function: z.object({
            name: toolName,
            description: z.optional(z.string()),
            parameters: z.optional(z.record(z.string(), z.unknown())),
          }),
        }),
      )
      .check(z.maxLength(MAX_TOOLS)),
  ),
  tool_choice: z.optional(
    z.union([
      z.enum(['none', 'auto', 'required']),
      z.object({ type: z.literal('function'), function: z.object({ name: toolName }) }),
    ]),
  ),
});
export type OpenAiChatRequest = z.infer<typeof openAiChatSchema>;

const textOf = (content: z.infer<typeof textContent> | null | undefined) =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text).join('');

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function userBlocks(content: z.output<typeof userContent>, field: string): ContentBlock[] {
  return content.map((part, index) => {
    if (part.type === 'text') return { text: part.text };
    const at = `${field}.${index}.image_url.url`;
    const match = DATA_URL.exec(part.image_url.url);
    // The processor makes no outbound fetches: an image comes inside the request.
    if (!match) throw badRequest(at, `${at}: only data: URLs (base64) are supported`);
    return imageBlock(match[1]!, match[2]!, at);
  });
}

function parseArguments(text: string, field: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw badRequest(field, `${field}: must be a JSON object`);
}

/** Converse messages and system blocks of the request's messages. */
function conversation(body: OpenAiChatRequest): { system: string[]; messages: Message[] } {
  const system: string[] = [];
  const messages: Message[] = [];
  body.messages.forEach((message, index) => {
    const field = `messages.${index}`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(textOf(message.content));
        return;
      case 'user':
        messages.push({ role: 'user', content: userBlocks(message.content, `${field}.content`) });
        return;
      case 'assistant': {
        const text = textOf(message.content);
        const calls = (message.tool_calls ?? []).map((call, at): ContentBlock => ({
          toolUse: {
            toolUseId: call.id,
            name: call.function.name,
            input: parseArguments(
              call.function.arguments,
              `${field}.tool_calls.${at}.function.arguments`,
            ) as never,
          },
        }));
        messages.push({ role: 'assistant', content: [...(text ? [{ text }] : []), ...calls] });
        return;
      }
      case 'tool':
        messages.push({
          role: 'user',
          content: [
            {
              toolResult: {
                toolUseId: message.tool_call_id,
                content: [{ text: textOf(message.content) }],
              },
            },
          ],
        });
    }
  });
  return { system, messages };
}

/** Converse's tool configuration, or undefined when no tool is offered. */
function toolConfig(body: OpenAiChatRequest, history: boolean) {
  const tools: Tool[] = (body.tools ?? []).map((tool) => ({
    toolSpec: {
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      inputSchema: { json: (tool.function.parameters ?? { type: 'object' }) as never },
    },
  }));
  const choice = body.tool_choice;
  // Converse has no "none"; tools are then not offered, unless earlier turns used them (Bedrock
  // requires the configuration then) and the model is left to choose.
  if (tools.length === 0 || (choice === 'none' && !history)) return undefined;
  const toolChoice: ToolChoice | undefined =
    choice === 'required'
      ? { any: {} }
      : typeof choice === 'object'
        ? { tool: { name: choice.function.name } }
        : undefined;
  return { tools, ...(toolChoice ? { toolChoice } : {}) };
}

/**
 * The Converse input of a chat completion request for `entry`, within its limits. A long system
 * prompt gets a `cachePoint` as on the native route (`cache`).
 */
export function openAiToConverse(
  body: OpenAiChatRequest,
  entry: BedrockModel,
  cache: PromptCachePolicy,
): ConverseCommandInput {
  const { system, messages } = conversation(body);
  const turns = alternatingTurns(messages, 'messages');
  const history = turns.some((turn) =>
    (turn.content ?? []).some((block) => block.toolUse || block.toolResult),
  );
  const systemText = system.join('\n\n');
  const systemBlocks: SystemContentBlock[] = systemText
    ? entry.promptCaching && systemText.length >= cache.minSystemChars
      ? [{ text: systemText }, { cachePoint: { type: 'default' } }]
      : [{ text: systemText }]
    : [];
  const tools = toolConfig(body, history);
  const stop = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? undefined);
  const input: ConverseCommandInput = {
    modelId: entry.modelId,
    messages: turns,
    ...(systemBlocks.length ? { system: systemBlocks } : {}),
    ...(tools ? { toolConfig: tools } : {}),
  };
  const asked = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const maxTokens = checkLimits(entry, input, asked, {
    messages: 'messages',
    maxTokens: body.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens',
  });
  return {
    ...input,
    inferenceConfig: {
      maxTokens,
      ...(body.temperature != null ? { temperature: body.temperature } : {}),
      ...(body.top_p != null ? { topP: body.top_p } : {}),
      ...(stop?.length ? { stopSequences: stop } : {}),
    },
  };
}
