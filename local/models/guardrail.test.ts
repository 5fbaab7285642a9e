import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { guardedAnswer, guardrailBlocks, LOCAL_GUARDRAILS } from './guardrail.ts';
import { type LocalModels, startLocalModels } from './index.ts';

/** The local Bedrock guardrail through the unchanged SDK client, as the processor calls it. */
let models: LocalModels;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  models = await startLocalModels();
  client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: models.bedrockUrl,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await models.close();
});

const local = LOCAL_GUARDRAILS.get('localguardrail')!;
const apply = (text: string, source: 'INPUT' | 'OUTPUT' = 'INPUT', id = 'localguardrail') =>
  client.send(
    new ApplyGuardrailCommand({
      guardrailIdentifier: id,
      guardrailVersion: '1',
      source,
      content: [{ text: { text } }],
    }),
  );
const converseInput = (text: string, streamProcessingMode?: 'sync' | 'async') => ({
  modelId: 'local.echo-v1',
  messages: [{ role: 'user' as const, content: [{ text }] }],
  guardrailConfig: {
    guardrailIdentifier: 'localguardrail',
    guardrailVersion: '1',
    ...(streamProcessingMode ? { streamProcessingMode } : {}),
  },
});

describe('the local guardrail rules', () => {
  it.each([
    ['a forbidden word', true],
    ['CLASSIFIED, in capitals', true],
    ['mail a@example.com', true],
    ['card 4111 1111 1111 1111', true],
    ['unforbiddenly fine', false],
    ['nothing to see', false],
  ])('%j blocked: %s', (text, blocked) => expect(guardrailBlocks(local, text)).toBe(blocked));
});

describe('ApplyGuardrail (local)', () => {
  it('intervenes with the blocked message, on input and output', async () => {
    for (const source of ['INPUT', 'OUTPUT'] as const) {
      const answer = await apply('a classified memo', source);
      expect(answer.action).toBe('GUARDRAIL_INTERVENED');
      expect(answer.outputs).toEqual([{ text: local.blockedMessage }]);
    }
  });

  it('passes a clean text', async () => {
    expect((await apply('hello there')).action).toBe('NONE');
  });

  it('answers ResourceNotFound for an unknown guardrail', async () => {
    await expect(apply('x', 'INPUT', 'nosuchguardrail')).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('Converse and ConverseStream with guardrailConfig (local)', () => {
  it('Converse: a blocked prompt gets the blocked message and guardrail_intervened', async () => {
    const answer = await client.send(new ConverseCommand(converseInput('forbidden plans')));
    expect(answer.stopReason).toBe('guardrail_intervened');
    expect(answer.output?.message?.content).toEqual([{ text: local.blockedMessage }]);
  });

  it('Converse: a clean prompt is answered as without a guardrail', async () => {
    const answer = await client.send(new ConverseCommand(converseInput('hello')));
    expect(answer.stopReason).toBe('end_turn');
    expect(answer.output?.message?.content).toEqual([{ text: 'hello' }]);
  });

  it('Converse: an unknown guardrail is a ValidationException', async () => {
    const input = converseInput('hello');
    await expect(
      client.send(
        new ConverseCommand({
          ...input,
          guardrailConfig: { guardrailIdentifier: 'nope', guardrailVersion: '1' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it.each(['sync', 'async'] as const)(
    'ConverseStream (%s): a blocked prompt streams only the blocked message',
    async (mode) => {
      const response = await client.send(
        new ConverseStreamCommand(converseInput('forbidden', mode)),
      );
      const text: string[] = [];
      let stopReason: string | undefined;
      for await (const event of response.stream ?? []) {
        if (event.contentBlockDelta?.delta?.text) text.push(event.contentBlockDelta.delta.text);
        stopReason = event.messageStop?.stopReason ?? stopReason;
      }
      expect(text.join('')).toBe(local.blockedMessage);
      expect(stopReason).toBe('guardrail_intervened');
    },
  );
});

describe('guardedAnswer: the stream processing modes', () => {
  const request = { messages: [{ role: 'user', content: [{ text: 'tell me' }] }] };
  const answer = {
    tokens: ['the', ' classified', ' file'],
    stopReason: 'end_turn' as const,
    inputTokens: 2,
  };

  it('sync: a blocked answer is replaced by the blocked message', () => {
    expect(guardedAnswer(local, request, answer, 'sync')).toMatchObject({
      tokens: [local.blockedMessage],
      stopReason: 'guardrail_intervened',
    });
  });

  it('async: the answer streams as it is and the intervention comes after it', () => {
    expect(guardedAnswer(local, request, answer, 'async')).toMatchObject({
      tokens: answer.tokens,
      stopReason: 'guardrail_intervened',
    });
  });

  it('leaves a clean answer alone', () => {
    const clean = { ...answer, tokens: ['all', ' good'] };
    expect(guardedAnswer(local, request, clean, 'sync')).toBe(clean);
  });
});
