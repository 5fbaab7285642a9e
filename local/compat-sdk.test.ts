/**
 * The OpenAI- and Anthropic-compatible endpoints (issue 14) driven by the official `openai` and
 * `@anthropic-ai/sdk` clients against local mode, given only a base URL and a Cognito access
 * token as their key: the real authorizer, processors, ledger (dynalite) and local models.
 */
import Anthropic from '@anthropic-ai/sdk';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { usageLedgerFromEnv } from '../amplify/functions/shared/usage-ledger.ts';
import { HEADLESS_STACK_OPTIONS } from '../tests/support/local-stack.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

let stack: LocalStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack({
    ...HEADLESS_STACK_OPTIONS,
  });
  for (const user of stack.users) tokens[user.username] = await stack.signIn(user.username);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** The clients as a developer configures them: base URL and key, no retries (tests see each answer). */
const openai = (user = 'mluser') =>
  new OpenAI({ baseURL: `${stack.apiUrl}openai/v1`, apiKey: tokens[user]!, maxRetries: 0 });
const anthropic = (user = 'mluser') =>
  new Anthropic({
    baseURL: `${stack.apiUrl}anthropic`,
    authToken: tokens[user]!,
    apiKey: null,
    maxRetries: 0,
  });

/** A 1×1 transparent PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_BYTES = Buffer.from(PNG, 'base64').length;

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { text: { type: 'string' } } },
  },
};

/** The error an SDK call throws. */
async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

describe('OpenAI SDK', () => {
  it('lists only the models the caller may use', async () => {
    const member = (await openai().models.list()).data.map((model) => model.id);
    expect(member).toEqual(['local.echo', 'local.markdown', 'local.attachments', 'local.embed']);
    const admin = (await openai('admin').models.list()).data.map((model) => model.id);
    expect(admin).toEqual([
      'local.echo',
      'local.summarizer',
      'local.markdown',
      'local.attachments',
      'local.embed',
    ]);
  });

  it('answers a buffered chat with system and multi-turn messages, and its usage', async () => {
    const completion = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first turn' },
        { role: 'assistant', content: 'first turn' },
        { role: 'user', content: 'hello compatible world' },
      ],
      max_tokens: 10,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('local.echo');
    expect(completion.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: 'hello compatible world',
    });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    // Words are the local models' tokens: 2 + 2 + 3 + 2 (system) in, 3 out.
    expect(completion.usage).toMatchObject({
      prompt_tokens: 9,
      completion_tokens: 3,
      total_tokens: 12,
    });
  });

  it('stops at max_completion_tokens with finish_reason length', async () => {
    const completion = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [{ role: 'user', content: 'one two three four' }],
      max_completion_tokens: 2,
    });
    expect(completion.choices[0]!.message.content).toBe('one two');
    expect(completion.choices[0]!.finish_reason).toBe('length');
  });

  it('streams chunks, then usage in the last chunk when asked', async () => {
    const stream = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [{ role: 'user', content: 'stream these four words' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('stream these four words');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 4 });
  });

  it('calls a tool, buffered and streamed, and reads its result', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'use get_weather for Paris' },
    ];
    const first = await openai().chat.completions.create({
      model: 'local.echo',
      messages,
      tools: [weatherTool],
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ text: 'use get_weather for Paris' });

    const stream = openai().chat.completions.stream({
      model: 'local.echo',
      messages,
      tools: [weatherTool],
    });
    const streamed = await stream.finalChatCompletion();
    const streamedCall = streamed.choices[0]!.message.tool_calls![0]!;
    expect(streamedCall).toMatchObject({ id: call.id, function: { name: 'get_weather' } });
    expect(streamed.choices[0]!.finish_reason).toBe('tool_calls');

    const answer = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [
        ...messages,
        choice.message,
        { role: 'tool', tool_call_id: call.id, content: 'sunny and warm' },
      ],
      tools: [weatherTool],
    });
    expect(answer.choices[0]!.message.content).toBe('sunny and warm');
  });

  it('passes an image (data: URL) to the model', async () => {
    const completion = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'describe' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(`describe <image:png:${PNG_BYTES}>`);
  });

  it('answers each error in OpenAI’s shape and status', async () => {
    const bad = await failure(
      openai().chat.completions.create({
        model: 'local.echo',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 5,
      }),
    );
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad['param']).toBe('temperature');
    expect(bad['type']).toBe('invalid_request_error');

    const forbidden = await failure(
      openai().chat.completions.create({
        model: 'local.summarizer',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(forbidden).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(forbidden['code']).toBe('model_not_allowed');

    const missing = await failure(
      openai().chat.completions.create({
        model: 'no-such-model',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing['code']).toBe('model_not_found');

    const throttled = await failure(
      openai().chat.completions.create({
        model: 'local.echo',
        messages: [{ role: 'user', content: 'hi [[fault:throttle]]' }],
      }),
    );
    expect(throttled).toBeInstanceOf(OpenAI.RateLimitError);
    expect((throttled['headers'] as Headers).get('retry-after')).toMatch(/^\d+$/);

    const failed = await failure(
      openai().chat.completions.create({
        model: 'local.echo',
        messages: [{ role: 'user', content: 'hi [[fault:unavailable]]' }],
        stream: true,
      }),
    );
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed['status']).toBe(502);
  });

  it('raises a model failure in the middle of a stream', async () => {
    const stream = await openai().chat.completions.create({
      model: 'local.echo',
      messages: [{ role: 'user', content: 'a b c d e f [[fault:mid-stream]]' }],
      stream: true,
    });
    const error = await failure(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.message).toContain('The model or endpoint failed');
  });
});

describe('Anthropic SDK', () => {
  it('lists only the models the caller may use', async () => {
    const ids: string[] = [];
    for await (const model of anthropic().models.list()) ids.push(model.id);
    expect(ids).toEqual(['local.echo', 'local.markdown', 'local.attachments']);
  });

  it('answers a buffered message with system and its usage', async () => {
    const message = await anthropic().messages.create({
      model: 'local.echo',
      max_tokens: 50,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'first turn' },
        { role: 'assistant', content: 'first turn' },
        { role: 'user', content: 'hello anthropic world' },
      ],
    });
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: 'hello anthropic world' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 3 });
  });

  it('streams its event types and the final usage', async () => {
    const stream = await anthropic().messages.create({
      model: 'local.echo',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'stream these four words' }],
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        text += event.delta.text;
    }
    expect(text).toBe('stream these four words');
    expect(types[0]).toBe('message_start');
    expect(types).toContain('content_block_start');
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);

    const final = await anthropic()
      .messages.stream({
        model: 'local.echo',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'count me please' }],
      })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'count me please' }]);
    expect(final.usage).toMatchObject({ input_tokens: 3, output_tokens: 3 });
  });

  it('calls a tool (streamed), reads its result, and passes images and cache_control', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        input_schema: { type: 'object', properties: { text: { type: 'string' } } },
        cache_control: { type: 'ephemeral' },
      },
    ];
    const question = { role: 'user' as const, content: 'use get_weather for Paris' };
    const call = await anthropic()
      .messages.stream({ model: 'local.echo', max_tokens: 50, tools, messages: [question] })
      .finalMessage();
    expect(call.stop_reason).toBe('tool_use');
    const toolUse = call.content[0] as Anthropic.ToolUseBlock;
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    expect(toolUse.input).toEqual({ text: 'use get_weather for Paris' });

    const answer = await anthropic().messages.create({
      model: 'local.echo',
      max_tokens: 50,
      tools,
      system: [{ type: 'text', text: 'cached rules', cache_control: { type: 'ephemeral' } }],
      messages: [
        question,
        { role: 'assistant', content: call.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
    });
    expect(answer.content).toEqual([{ type: 'text', text: `sunny <image:png:${PNG_BYTES}>` }]);
    // The system block behind cache_control was written to the (local) prompt cache.
    expect(answer.usage.cache_creation_input_tokens).toBe(2);
  });

  it('answers each error in Anthropic’s shape and status', async () => {
    const bad = await failure(
      anthropic().messages.create({
        model: 'local.echo',
        max_tokens: 5000,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect((bad['error'] as { error: { type: string } }).error.type).toBe('invalid_request_error');
    expect(bad.message).toContain('max_tokens');

    const forbidden = await failure(
      anthropic().messages.create({
        model: 'local.summarizer',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(forbidden).toBeInstanceOf(Anthropic.PermissionDeniedError);

    const missing = await failure(
      anthropic().messages.create({
        model: 'no-such-model',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing['error'] as { error: { type: string } }).error.type).toBe('not_found_error');

    const throttled = await failure(
      anthropic().messages.create({
        model: 'local.echo',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi [[fault:throttle]]' }],
        stream: true,
      }),
    );
    expect(throttled).toBeInstanceOf(Anthropic.RateLimitError);
    expect((throttled['headers'] as Headers).get('retry-after')).toMatch(/^\d+$/);

    const failed = await failure(
      anthropic().messages.create({
        model: 'local.echo',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi [[fault:model-error]]' }],
      }),
    );
    expect(failed).toBeInstanceOf(Anthropic.APIError);
    expect(failed['status']).toBe(424);
  });
});

/** Cosine similarity of two vectors. */
const cosine = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));

describe('OpenAI SDK embeddings', () => {
  const texts = ['the cat sat', 'the cat sat on the mat', 'quarterly revenue report'];

  it('embeds texts in order (the SDK asks for base64 and decodes it), charged by tokens', async () => {
    const before = await ownEmbedUsage();
    const answer = await openai().embeddings.create({ model: 'local.embed', input: texts });
    expect(answer.model).toBe('local.embed');
    expect(answer.data.map((item) => item.index)).toEqual([0, 1, 2]);
    const vectors = answer.data.map((item) => item.embedding);
    // The model's first offered size is the default; Titan V2 normalizes by default.
    for (const vector of vectors) {
      expect(vector).toHaveLength(256);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    // The local model counts words: 3 + 6 + 3.
    expect(answer.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
    const after = await ownEmbedUsage();
    expect(after.requests - before.requests).toBe(1);
    expect(after.inputTokens - before.inputTokens).toBe(12);
  });

  it('answers floats when asked, in the size asked, the same vectors as base64', async () => {
    const floats = await openai().embeddings.create({
      model: 'local.embed',
      input: 'the cat sat',
      encoding_format: 'float',
      dimensions: 512,
    });
    const decoded = await openai().embeddings.create({
      model: 'local.embed',
      input: 'the cat sat',
      dimensions: 512,
    });
    expect(floats.data[0]!.embedding).toHaveLength(512);
    const expected = floats.data[0]!.embedding;
    decoded.data[0]!.embedding.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));
  });

  it('refuses what cannot be embedded, each in OpenAI’s shape naming the field', async () => {
    const cases: [
      Parameters<ReturnType<typeof openai>['embeddings']['create']>[0],
      string,
      RegExp,
    ][] = [
      [{ model: 'local.echo', input: 'hi' }, 'model', /not an embedding model/],
      [
        { model: 'local.embed', input: 'hi', dimensions: 300 },
        'dimensions',
        /offers dimensions 256, 512, 1024/,
      ],
      [{ model: 'local.embed', input: [[1, 2, 3]] }, 'input[0]', /token arrays are not supported/],
      [{ model: 'local.embed', input: ['a', ''] }, 'input[1]', /is empty/],
      [
        { model: 'local.embed', input: Array.from({ length: 17 }, () => 'a') },
        'input',
        /at most 16/,
      ],
    ];
    for (const [request, param, message] of cases) {
      const error = await failure(openai().embeddings.create(request));
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error['param']).toBe(param);
      expect(error.message).toMatch(message);
    }
    const chat = await failure(
      openai().chat.completions.create({
        model: 'local.embed',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    expect(chat.message).toContain('POST /openai/v1/embeddings');
    const throttled = await failure(
      openai().embeddings.create({ model: 'local.embed', input: 'hi [[fault:throttle]]' }),
    );
    expect(throttled).toBeInstanceOf(OpenAI.RateLimitError);
  });
});

/** The member's own usage of the local embedding model today (`GET /usage/me`). */
async function ownEmbedUsage(): Promise<{ requests: number; inputTokens: number }> {
  const response = await fetch(`${stack.apiUrl}usage/me`, {
    headers: { authorization: `Bearer ${tokens['mluser']!}` },
  });
  const body = (await response.json()) as {
    data: { byModel: { modelId: string; requests: number; inputTokens: number }[] };
  };
  const row = body.data.byModel.find((model) => model.modelId === 'local.embed');
  return { requests: row?.requests ?? 0, inputTokens: row?.inputTokens ?? 0 };
}

describe('both SDKs', () => {
  it('are refused by the gateway for a group without the route', async () => {
    expect(await failure(openai('readonly').models.list())).toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
    expect(
      await failure(
        anthropic('readonly').messages.create({
          model: 'local.echo',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      ),
    ).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  // Last: it spends the member's daily budget.
  it('answer 429 with Retry-After once the caller’s budget is spent', async () => {
    const env = stack.handlerEnvironment;
    const ledger = usageLedgerFromEnv(
      env,
      DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: env['AWS_ENDPOINT_URL_DYNAMODB'],
          region: env['AWS_REGION'],
          credentials: {
            accessKeyId: env['AWS_ACCESS_KEY_ID']!,
            secretAccessKey: env['AWS_SECRET_ACCESS_KEY']!,
          },
        }),
      ),
    )!;
    const claims = JSON.parse(
      Buffer.from(tokens['mluser']!.split('.')[1]!, 'base64url').toString(),
    ) as { sub: string; username: string };
    const caller = {
      sub: claims.sub,
      username: claims.username,
      email: '',
      groups: ['MLUsers'],
      claims: {},
    };
    // A call that reported the member's whole day (docs/usage.md: MLUsers get 200,000 tokens a
    // day); earlier tests already used some of it, so the hold is small and the charge is not.
    const spent = { inputTokens: 200_000, outputTokens: 0 };
    const reservation = await ledger.reserve(caller, 'local.echo', {
      inputTokens: 1,
      outputTokens: 0,
    });
    await ledger.settle(reservation, {
      requestId: 'compat-sdk-budget',
      charged: spent,
      latencyMs: 1,
      status: 'ok',
    });

    const openAiRefusal = await failure(
      openai().chat.completions.create({
        model: 'local.echo',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(openAiRefusal).toBeInstanceOf(OpenAI.RateLimitError);
    expect(openAiRefusal['code']).toBe('insufficient_quota');
    expect(Number((openAiRefusal['headers'] as Headers).get('retry-after'))).toBeGreaterThan(0);

    const anthropicRefusal = await failure(
      anthropic().messages.create({
        model: 'local.echo',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(anthropicRefusal).toBeInstanceOf(Anthropic.RateLimitError);
    expect(anthropicRefusal.message).toContain('BUDGET_EXCEEDED');
  });
});
