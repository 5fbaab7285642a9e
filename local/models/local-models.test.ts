import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  ModelStreamErrorException,
  ThrottlingException,
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
import { startLocalModels, type LocalModels } from './index.ts';
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
