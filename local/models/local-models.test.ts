import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InternalServerException,
  type Message,
  ModelStreamErrorException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  InvokeEndpointCommand,
  InvokeEndpointWithResponseStreamCommand,
  ModelError,
  ModelStreamError,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findEntry } from '../../amplify/catalog.ts';
import { type LocalModels, startLocalModels } from './index.ts';
import { LOCAL_CATALOG } from './local-catalog.ts';

let models: LocalModels;
let bedrock: BedrockRuntimeClient;
let sagemaker: SageMakerRuntimeClient;
let s3: S3Client;

beforeAll(async () => {
  models = await startLocalModels();
  const common = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  // The Bedrock client defaults to HTTP/2; the local server speaks HTTP/1.1.
  bedrock = new BedrockRuntimeClient({
    ...common,
    endpoint: models.bedrockUrl,
    requestHandler: new NodeHttpHandler(),
  });
  sagemaker = new SageMakerRuntimeClient({ ...common, endpoint: models.sagemakerUrl });
  s3 = new S3Client({ ...common, endpoint: models.s3Url, forcePathStyle: true });
});
afterAll(async () => {
  for (const client of [bedrock, sagemaker, s3]) client.destroy();
  await models.close();
});

const user = (text: string) => [{ role: 'user' as const, content: [{ text }] }];
const decode = (bytes?: Uint8Array) => new TextDecoder().decode(bytes);
/** Reads a whole event stream; rejects with the error the stream raises. */
async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('local Bedrock Runtime (unchanged SDK client)', () => {
  it('answers Converse for a local model id given URL-encoded in the path', async () => {
    const response = await bedrock.send(
      new ConverseCommand({ modelId: 'local.echo-v1', messages: user('a b c') }),
    );
    expect(response.output?.message?.content?.[0]?.text).toBe('a b c');
    expect(response.usage).toEqual({ inputTokens: 3, outputTokens: 3, totalTokens: 6 });
  });

  it('answers a model of the built-in catalog only when asked to serve it, as echo does', async () => {
    const nova = findEntry('nova-lite', 'bedrock');
    if (!nova) throw new Error('the built-in catalog has no nova-lite');
    const converse = (client: BedrockRuntimeClient) =>
      client.send(new ConverseCommand({ modelId: nova.modelId, messages: user('a b c') }));
    await expect(converse(bedrock)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const serving = await startLocalModels({ serves: [...LOCAL_CATALOG, nova] });
    const client = new BedrockRuntimeClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      endpoint: serving.bedrockUrl,
      requestHandler: new NodeHttpHandler(),
    });
    try {
      const response = await converse(client);
      expect(response.output?.message?.content?.[0]?.text).toBe('a b c');
    } finally {
      client.destroy();
      await serving.close();
    }
  });

  it('streams ConverseStream events in the event-stream encoding', async () => {
    const response = await bedrock.send(
      new ConverseStreamCommand({ modelId: 'local.echo-v1', messages: user('one two') }),
    );
    const kinds: string[] = [];
    for await (const event of response.stream!) kinds.push(Object.keys(event)[0]!);
    expect(kinds).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
  });

  it('spaces stream frames out in time, so they reach the client as separate chunks', async () => {
    // Raw HTTP, not the SDK: the SDK reassembles frames, hiding how they arrived.
    const response = await fetch(`${models.bedrockUrl}/model/local.echo-v1/converse-stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: user('one two three four five six') }),
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    // messageStart, six deltas, contentBlockStop, messageStop, metadata: ten frames.
    expect(chunks.length).toBeGreaterThanOrEqual(5);
  });

  it('raises the SDK’s exception classes for injected faults', async () => {
    await expect(
      bedrock.send(
        new ConverseCommand({ modelId: 'local.echo-v1', messages: user('[[fault:throttle]]') }),
      ),
    ).rejects.toBeInstanceOf(ThrottlingException);
    const response = await bedrock.send(
      new ConverseStreamCommand({
        modelId: 'local.echo-v1',
        messages: user('a b c d [[fault:mid-stream]]'),
      }),
    );
    await expect(drain(response.stream!)).rejects.toBeInstanceOf(ModelStreamErrorException);
  });

  it('fails with a 500 after the model began (server-error), buffered and mid-stream', async () => {
    await expect(
      bedrock.send(
        new ConverseCommand({ modelId: 'local.echo-v1', messages: user('[[fault:server-error]]') }),
      ),
    ).rejects.toMatchObject({
      name: 'InternalServerException',
      $metadata: { httpStatusCode: 500 },
    });
    const response = await bedrock.send(
      new ConverseStreamCommand({
        modelId: 'local.echo-v1',
        messages: user('a b c d [[fault:server-error]]'),
      }),
    );
    await expect(drain(response.stream!)).rejects.toBeInstanceOf(InternalServerException);
  });

  it('writes a system prefix behind a cachePoint to the prompt cache, then reads it', async () => {
    const system = `${'stable words '.repeat(50)}${Math.random()}`;
    const input = {
      modelId: 'local.echo-v1',
      system: [{ text: system }, { cachePoint: { type: 'default' as const } }],
      messages: user('hello there'),
    };
    const first = await bedrock.send(new ConverseCommand(input));
    expect(first.usage).toMatchObject({
      inputTokens: 2,
      cacheWriteInputTokens: 101,
      cacheReadInputTokens: 0,
    });
    const stream = await bedrock.send(new ConverseStreamCommand(input));
    const events = (await drain(stream.stream!)) as { metadata?: { usage?: object } }[];
    expect(events.find((event) => event.metadata)?.metadata?.usage).toMatchObject({
      inputTokens: 2,
      cacheReadInputTokens: 101,
      cacheWriteInputTokens: 0,
    });
    const uncached = await bedrock.send(
      new ConverseCommand({ ...input, system: [{ text: system }] }),
    );
    expect(uncached.usage?.inputTokens).toBe(103);
    expect(uncached.usage?.cacheReadInputTokens).toBeUndefined();
  });
});

/** The text of a ConverseStream answer, and how many deltas carried it. */
async function streamed(modelId: string, messages: Message[]) {
  const response = await bedrock.send(new ConverseStreamCommand({ modelId, messages }));
  const events = (await drain(response.stream!)) as ConverseStreamOutput[];
  const deltas = events.flatMap((event) => event.contentBlockDelta?.delta?.text ?? []);
  const usage = events.find((event) => event.metadata)?.metadata?.usage;
  return { text: deltas.join(''), deltas: deltas.length, usage };
}
const converse = async (modelId: string, messages: Message[]) =>
  (await bedrock.send(new ConverseCommand({ modelId, messages }))).output?.message?.content?.[0]
    ?.text;

describe('local Bedrock models for local mode (Markdown, attachments)', () => {
  const multiline = 'Title line\n\n- first  item\n- second item\n\n    indented code';

  it('echo keeps the prompt’s line breaks and spacing, and still counts words as tokens', async () => {
    expect(await converse('local.echo-v1', user(multiline))).toBe(multiline);
    const stream = await streamed('local.echo-v1', user(multiline));
    expect(stream.text).toBe(multiline);
    expect(stream.deltas).toBe(10);
    expect(stream.usage).toMatchObject({ inputTokens: 10, outputTokens: 10 });
  });

  it('local.markdown answers rich Markdown, the same every time, over many frames', async () => {
    const prompt = 'Compare | pipes and\nsecond line';
    const first = await streamed('local.markdown-v1', user(prompt));
    const lines = first.text.split('\n');
    expect(lines).toContain('## Your prompt, in Markdown');
    expect(lines).toEqual(expect.arrayContaining(['> Compare | pipes and', '> second line']));
    expect(lines).toEqual(
      expect.arrayContaining([
        '| # | word | characters |',
        '| ---: | :--- | ---: |',
        '| 2 | \\| | 1 |',
        '```typescript',
        '```',
      ]),
    );
    expect(lines.some((line) => /^1\. /.test(line))).toBe(true);
    expect(lines.some((line) => /^ {3}- .*\*\*strong\*\*.*`inline code`/.test(line))).toBe(true);
    expect(first.text).toMatch(/\[[^\]]+\]\(https:\/\/docs\.aws\.amazon\.com\/[^)]+\)/);
    expect(Math.max(...lines.map((line) => line.length))).toBeGreaterThan(120);
    expect(first.deltas).toBeGreaterThan(20);
    expect(first.usage?.outputTokens).toBe(first.deltas);
    expect((await streamed('local.markdown-v1', user(prompt))).text).toBe(first.text);
    expect(await converse('local.markdown-v1', user(prompt))).toBe(first.text);
  });

  const attachmentRules = findEntry('local.attachments', 'bedrock', LOCAL_CATALOG)!.attachments!;
  const bytes = (length: number) => new Uint8Array(length).fill(7);
  const image = (format: string, length: number): ContentBlock =>
    ({ image: { format, source: { bytes: bytes(length) } } }) as ContentBlock;
  const document = (format: string, name: string, length: number): ContentBlock =>
    ({ document: { format, name, source: { bytes: bytes(length) } } }) as ContentBlock;
  const withBlocks = (...content: ContentBlock[]): Message[] => [{ role: 'user', content }];

  it('local.attachments describes the images and documents it received', async () => {
    const messages = withBlocks(
      { text: 'what is in these?' },
      image('png', 68),
      document('pdf', 'Quarterly report (Q3)', 2048),
    );
    expect(await converse('local.attachments-v1', messages)).toBe(
      'Received 2 attachment(s) with a prompt of 4 words:\n\n' +
        '- image: png, 68 bytes\n' +
        '- document "Quarterly report (Q3)": pdf, 2048 bytes',
    );
    // Each started KiB of an attachment counts as one input token.
    const usage = (await streamed('local.attachments-v1', messages)).usage;
    expect(usage?.inputTokens).toBe(4 + 1 + 2);
  });

  it.each([
    ['a text-only model given an image', 'local.markdown-v1', [image('png', 10)]],
    ['a format the catalog entry does not list', 'local.attachments-v1', [image('bmp', 10)]],
    [
      'a document format Bedrock knows but the entry does not list',
      'local.attachments-v1',
      [document('docx', 'notes', 10)],
    ],
    [
      'an image one byte over the entry’s maxBytes',
      'local.attachments-v1',
      [image('png', attachmentRules.images!.maxBytes + 1)],
    ],
    [
      'more images than the entry’s maxCount',
      'local.attachments-v1',
      Array.from({ length: attachmentRules.images!.maxCount + 1 }, () => image('png', 10)),
    ],
    ['a document name Bedrock refuses', 'local.attachments-v1', [document('pdf', 'a.pdf', 10)]],
    ['an empty image', 'local.attachments-v1', [image('png', 0)]],
  ])('answers ValidationException for %s', async (_name, modelId, blocks) => {
    await expect(
      bedrock.send(
        new ConverseCommand({ modelId, messages: withBlocks({ text: 'look' }, ...blocks) }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it('refuses a document without a text block, as Bedrock does', async () => {
    await expect(
      bedrock.send(
        new ConverseCommand({
          modelId: 'local.attachments-v1',
          messages: withBlocks(document('txt', 'notes', 5)),
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('fault markers in a conversation', () => {
  const turns = (...texts: string[]): Message[] =>
    texts.map((text, index) => ({
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: [{ text }],
    }));

  it('ignores the marker of an earlier turn', async () => {
    const messages = turns('hi [[fault:throttle]]', 'hi [[fault:throttle]]', 'and now?');
    expect(await converse('local.echo-v1', messages)).toBe('and now?');
  });

  it('ignores a marker in the system prompt', async () => {
    const response = await bedrock.send(
      new ConverseCommand({
        modelId: 'local.echo-v1',
        system: [{ text: 'be brief [[fault:throttle]]' }],
        messages: user('hello'),
      }),
    );
    expect(response.output?.message?.content?.[0]?.text).toBe('hello');
  });

  it('obeys the marker of the last user message, its last one when there are several', async () => {
    const messages = turns('a [[fault:slow]]', 'a', 'b [[fault:mid-stream]] c [[fault:throttle]]');
    await expect(
      bedrock.send(new ConverseCommand({ modelId: 'local.echo-v1', messages })),
    ).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe('local SageMaker Runtime (unchanged SDK client)', () => {
  it('serves CSV and names a missing endpoint like SageMaker', async () => {
    const response = await sagemaker.send(
      new InvokeEndpointCommand({
        EndpointName: 'local-csv-scorer',
        ContentType: 'text/csv',
        Body: new TextEncoder().encode('2,4\n'),
      }),
    );
    expect(decode(response.Body)).toBe('3.0000');
    await expect(
      sagemaker.send(new InvokeEndpointCommand({ EndpointName: 'nope', Body: new Uint8Array(1) })),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      sagemaker.send(
        new InvokeEndpointCommand({
          EndpointName: 'local-csv-scorer',
          ContentType: 'text/csv',
          Body: new TextEncoder().encode('x,y'),
        }),
      ),
    ).rejects.toBeInstanceOf(ModelError);
  });

  it('streams payload parts and raises ModelStreamError mid-stream', async () => {
    const body = (text: string) => new TextEncoder().encode(JSON.stringify({ inputs: text }));
    const ok = await sagemaker.send(
      new InvokeEndpointWithResponseStreamCommand({
        EndpointName: 'local-text-stream',
        Body: body('x y z'),
      }),
    );
    let text = '';
    for await (const event of ok.Body!) text += decode(event.PayloadPart?.Bytes);
    expect(text).toBe('x y z');
    const failing = await sagemaker.send(
      new InvokeEndpointWithResponseStreamCommand({
        EndpointName: 'local-text-stream',
        Body: body('a b c d [[fault:mid-stream]]'),
      }),
    );
    await expect(drain(failing.Body!)).rejects.toBeInstanceOf(ModelStreamError);
  });
});

describe('local S3 (path style)', () => {
  it('puts, gets and heads objects, and answers NoSuchKey / NotFound for missing ones', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'b1',
        Key: 'in/x.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'b1', Key: 'in/x.json' }));
    expect(await got.Body!.transformToString()).toBe('{"a":1}');
    expect(got.ContentType).toBe('application/json');
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: 'b1', Key: 'in/x.json' }))).ContentLength,
    ).toBe(7);
    await expect(
      s3.send(new GetObjectCommand({ Bucket: 'b1', Key: 'missing' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: 'b1', Key: 'missing' })),
    ).rejects.toMatchObject({
      name: 'NotFound',
    });
  });
});

describe('startLocalModels', () => {
  it('listens on the port asked for and frees it on close', async () => {
    const first = await startLocalModels();
    const port = Number(new URL(first.url).port);
    await first.close();
    const again = await startLocalModels({ port });
    expect(again.url).toBe(`http://127.0.0.1:${port}`);
    expect(again.env).toMatchObject({
      BEDROCK_ENDPOINT: again.url,
      MODEL_CATALOG: JSON.stringify(LOCAL_CATALOG),
    });
    await again.close();
  });
});
