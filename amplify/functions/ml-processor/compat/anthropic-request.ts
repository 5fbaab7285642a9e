/**
 * `POST /anthropic/v1/messages` request → Converse input. `cache_control` on a system block,
 * message block or tool becomes a Converse `cachePoint` after it (for models with prompt
 * caching; others ignore it, as Anthropic's API does below a model's minimum). Fields the
 * gateway does not use (`metadata`, `top_k`, `service_tier`, …) are accepted and ignored.
 */
import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
  SystemContentBlock,
  Tool,
  ToolChoice,
  ToolResultContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod/mini';

import type { BedrockModel } from '../../../catalog.ts';
import { alternatingTurns, checkLimits, imageBlock } from './converse-input.ts';
import { MAX_MESSAGES, MAX_TOOLS } from './openai-request.ts';

const nonEmpty = () => z.string().check(z.minLength(1));
const unitInterval = z.optional(z.number().check(z.gte(0), z.lte(1)));

const cacheControl = z.nullish(
  z.object({ type: z.literal('ephemeral'), ttl: z.optional(z.string()) }),
);
const textBlock = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
});
/** A string content is one text block: the schemas then report errors at the block's path. */
const blocksOf = <T extends z.ZodMiniType>(blocks: T) =>
  z.pipe(
    z.transform((value: unknown) =>
      typeof value === 'string' ? [{ type: 'text', text: value }] : value,
    ),
    blocks,
  );

const imageSource = z.object({
  type: z.literal('base64', 'only base64 image sources are supported'),
  media_type: nonEmpty(),
  data: nonEmpty(),
});
const imageBlockSchema = z.object({
  type: z.literal('image'),
  source: imageSource,
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: nonEmpty(),
  name: nonEmpty(),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: nonEmpty(),
  content: z.optional(
    blocksOf(z.array(z.discriminatedUnion('type', [textBlock, imageBlockSchema]))),
  ),
  is_error: z.optional(z.boolean()),
  cache_control: cacheControl,
});
const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlockSchema,
  toolUseBlock,
  toolResultBlock,
]);

const toolName = z
  .string()
  .check(z.regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'));

/** The body of a Messages request. */
export const anthropicMessagesSchema = z.object({
  model: z.string().check(z.minLength(1), z.maxLength(128)),
  max_tokens: z.int().check(z.gte(1)),
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: blocksOf(z.array(contentBlock).check(z.minLength(1))),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_MESSAGES)),
  system: z.optional(z.union([z.string(), z.array(textBlock)])),
  temperature: unitInterval,
  top_p: unitInterval,
  stop_sequences: z.optional(z.array(nonEmpty()).check(z.maxLength(4))),
  stream: z.optional(z.boolean()),
  tools: z.optional(
    z
      .array(
        z.object({
          name: toolName,
          description: z.optional(z.string()),
          input_schema: z.record(z.string(), z.unknown()),
          cache_control: cacheControl,
        }),
      )
      .check(z.maxLength(MAX_TOOLS)),
  ),
  tool_choice: z.optional(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('auto') }),
      z.object({ type: z.literal('any') }),
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('tool'), name: toolName }),
    ]),
  ),
  thinking: z.optional(
    z.object({ type: z.literal('disabled', 'extended thinking is not supported') }),
  ),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesSchema>;

type Block = z.infer<typeof contentBlock>;

const CACHE_POINT = { cachePoint: { type: 'default' as const } };

/** Converse blocks of one Anthropic block (with a cachePoint after it when asked and able). */
function converseBlocks(block: Block, field: string, caching: boolean): ContentBlock[] {
  const cached = caching && block.cache_control ? [CACHE_POINT] : [];
  switch (block.type) {
    case 'text':
      return [{ text: block.text }, ...cached];
    case 'image':
      return [imageBlock(block.source.media_type, block.source.data, `${field}.source`), ...cached];
    case 'tool_use':
      return [
        { toolUse: { toolUseId: block.id, name: block.name, input: block.input as never } },
        ...cached,
      ];
    case 'tool_result': {
      const content = (block.content ?? []).map((part, index): ToolResultContentBlock => {
        if (part.type === 'text') return { text: part.text };
        const image = imageBlock(
          part.source.media_type,
          part.source.data,
          `${field}.content.${index}.source`,
        ).image!;
        return { image };
      });
      return [
        {
          toolResult: {
            toolUseId: block.tool_use_id,
            content,
            ...(block.is_error ? { status: 'error' as const } : {}),
          },
        },
        ...cached,
      ];
    }
  }
}

function toolConfig(body: AnthropicMessagesRequest, caching: boolean, history: boolean) {
  const tools: Tool[] = (body.tools ?? []).flatMap((tool): Tool[] => [
    {
      toolSpec: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        inputSchema: { json: tool.input_schema as never },
      },
    },
    ...(caching && tool.cache_control ? [CACHE_POINT] : []),
  ]);
  const choice = body.tool_choice;
  // Converse has no "none": tools are then not offered, unless earlier turns used them.
  if (tools.length === 0 || (choice?.type === 'none' && !history)) return undefined;
  const toolChoice: ToolChoice | undefined =
    choice?.type === 'any'
      ? { any: {} }
      : choice?.type === 'tool'
        ? { tool: { name: choice.name } }
        : undefined;
  return { tools, ...(toolChoice ? { toolChoice } : {}) };
}

/** The Converse input of a Messages request for `entry`, within its limits. */
export function anthropicToConverse(
  body: AnthropicMessagesRequest,
  entry: BedrockModel,
): ConverseCommandInput {
  const caching = entry.promptCaching ?? false;
  const messages: Message[] = body.messages.map((message, index) => ({
    role: message.role,
    content: message.content.flatMap((block, at) =>
      converseBlocks(block, `messages.${index}.content.${at}`, caching),
    ),
  }));
  const turns = alternatingTurns(messages, 'messages');
  const history = turns.some((turn) =>
    (turn.content ?? []).some((block) => block.toolUse || block.toolResult),
  );
  const system: SystemContentBlock[] =
    typeof body.system === 'string'
      ? body.system
        ? [{ text: body.system }]
        : []
      : (body.system ?? []).flatMap((block) => [
          { text: block.text },
          ...(caching && block.cache_control ? [CACHE_POINT] : []),
        ]);
  const tools = toolConfig(body, caching, history);
  const input: ConverseCommandInput = {
    modelId: entry.modelId,
    messages: turns,
    ...(system.length ? { system } : {}),
    ...(tools ? { toolConfig: tools } : {}),
  };
  const maxTokens = checkLimits(entry, input, body.max_tokens, {
    messages: 'messages',
    maxTokens: 'max_tokens',
  });
  return {
    ...input,
    inferenceConfig: {
      maxTokens,
      ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
      ...(body.top_p !== undefined ? { topP: body.top_p } : {}),
      ...(body.stop_sequences?.length ? { stopSequences: body.stop_sequences } : {}),
    },
  };
}
