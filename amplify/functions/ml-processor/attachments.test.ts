/**
 * Images and documents on the native Bedrock routes (`messages[].attachments`): checked against
 * the model's catalog entry, sent as Converse image and document blocks to the local Bedrock
 * server (whose `local.attachments` model describes what it received), screened by the
 * detectors where the gateway can read them.
 */
import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../../local/models/local-catalog.ts';
import {
  apiEvent,
  call,
  callers,
  callStream,
  RecordingLedger,
  useHarness,
} from '../../../tests/support/processor-harness.ts';
import { findEntry } from '../../catalog.ts';
import {
  documentName,
  IMAGE_WORST_CASE_TOKENS,
  withAttachmentsWorstCase,
} from './attachment-blocks.ts';

const ledger = new RecordingLedger();
const harness = useHarness({}, ledger);
const rules = findEntry('local.attachments', 'bedrock', LOCAL_CATALOG)!.attachments!;

/** A PNG of `size` bytes: the signature, then filler. */
const png = (size: number) =>
  Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), Buffer.alloc(size - 8, 1)]);
const image = (size = 68, format = 'png', bytes = png(size)) => ({
  kind: 'image',
  format,
  name: 'photo.png',
  data: bytes.toString('base64'),
});
const document = (text: string, format = 'txt', name = 'notes_v2.txt') => ({
  kind: 'document',
  format,
  name,
  data: Buffer.from(text).toString('base64'),
});
const ask = (attachments: unknown[], modelId = 'local.attachments', route = '/ml/bedrock') =>
  apiEvent('POST', route, {
    body: { modelId, messages: [{ role: 'user', content: 'what is this', attachments }] },
    caller: callers.mlUser,
  });

describe('attachments on POST /ml/bedrock and /ml/bedrock/stream', () => {
  it('sends an image and a document as Converse blocks the model receives', async () => {
    const event = ask([image(68), document('two words')]);
    const { status, body } = await call(harness.processor, event);
    expect(status).toBe(200);
    expect((body.data!['output'] as { content: string }).content).toBe(
      'Received 2 attachment(s) with a prompt of 3 words:\n\n' +
        '- image: png, 68 bytes\n' +
        // The file name made a DocumentBlock name (no dots or underscores).
        '- document "notes v2 txt": txt, 9 bytes',
    );
    // The budget held the text, a ceiling for the image and the document's bytes.
    expect(ledger.holds.get(event.requestContext.requestId)).toEqual({
      inputTokens: 'what is this'.length + IMAGE_WORST_CASE_TOKENS + 'two words'.length,
      outputTokens: 1000,
    });
  });

  it('streams the answer about an attachment, like text', async () => {
    const { status, lines } = await callStream(
      harness.processor,
      ask([image(100)], 'local.attachments', '/ml/bedrock/stream'),
    );
    expect(status).toBe(200);
    const text = lines!
      .filter((line) => line['type'] === 'delta')
      .map((line) => line['text'])
      .join('');
    expect(text).toContain('- image: png, 100 bytes');
    expect(lines!.at(-1)).toMatchObject({ type: 'done' });
  });

  it.each([
    [
      'a model without attachments',
      [image()],
      'local.markdown',
      400,
      'messages.0.attachments',
      /accepts text only/,
    ],
    [
      'a format the model does not list',
      [document('x', 'docx', 'a.docx')],
      'local.attachments',
      400,
      'messages.0.attachments.0.format',
      /accepts documents of type pdf, csv, txt, md, html, not docx/,
    ],
    [
      'a format no model takes',
      [image(68, 'bmp')],
      'local.attachments',
      400,
      'messages.0.attachments.0.format',
      /format/,
    ],
    [
      'an image larger than the model accepts',
      [image(rules.images!.maxBytes + 1)],
      'local.attachments',
      413,
      'messages.0.attachments.0.data',
      /accepts images of at most 150000/,
    ],
    [
      'more images than the model accepts per message',
      Array.from({ length: rules.images!.maxCount + 1 }, () => image()),
      'local.attachments',
      400,
      'messages.0.attachments',
      /at most 4 images per message; 5 were sent/,
    ],
    [
      'a file whose bytes are not the image format it claims',
      [image(68, 'png', Buffer.from('GIF89a and more bytes'))],
      'local.attachments',
      400,
      'messages.0.attachments.0.data',
      /not a png image/,
    ],
    [
      'data that is not base64',
      [{ ...image(), data: 'not base64!' }],
      'local.attachments',
      400,
      'messages.0.attachments.0.data',
      /base64/,
    ],
  ])('refuses %s', async (_name, attachments, modelId, status, field, message) => {
    const answer = await call(harness.processor, ask(attachments, modelId));
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  it('refuses attachments on an assistant message', async () => {
    const event = apiEvent('POST', '/ml/bedrock', {
      body: {
        modelId: 'local.attachments',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello', attachments: [image()] },
          { role: 'user', content: 'and now' },
        ],
      },
    });
    const answer = await call(harness.processor, event);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.field).toBe('messages.1.attachments');
  });

  it('screens the text of a document like the prompt (a credential blocks it)', async () => {
    const answer = await call(
      harness.processor,
      ask([document('the key is AKIAIOSFODNN7EXAMPLE')]),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('GUARDRAIL_INTERVENED');
  });

  it('masks what the policy masks inside a text document before the model reads it', async () => {
    const card = '4111 1111 1111 1111';
    const { status, body } = await call(harness.processor, ask([document(`pay ${card}`)]));
    expect(status).toBe(200);
    // "pay [CARD]" is 10 bytes: the model never saw the number.
    expect((body.data!['output'] as { content: string }).content).toContain('txt, 10 bytes');
  });
});

describe('documentName', () => {
  it('turns file names into unique DocumentBlock names', () => {
    const taken = new Set<string>();
    expect(documentName('Q3 report.final.pdf', taken)).toBe('Q3 report final pdf');
    expect(documentName('Q3 report final pdf', taken)).toBe('Q3 report final pdf (2)');
    expect(documentName('...', taken)).toBe('document');
  });
});

describe('withAttachmentsWorstCase', () => {
  it('holds a ceiling per image and a token per document byte on top of the text', () => {
    const text = { inputTokens: 10, outputTokens: 100, cacheWriteTokens: 5 };
    const input = {
      modelId: 'local.attachments-v1',
      messages: [
        {
          role: 'user' as const,
          content: [
            { image: { format: 'png' as const, source: { bytes: new Uint8Array(50_000) } } },
            {
              document: {
                format: 'txt' as const,
                name: 'n',
                source: { bytes: new Uint8Array(300) },
              },
            },
            { text: 'what is this' },
          ],
        },
      ],
    };
    expect(withAttachmentsWorstCase(text, input)).toEqual({
      inputTokens: 10 + IMAGE_WORST_CASE_TOKENS + 300,
      outputTokens: 100,
      cacheWriteTokens: 5,
    });
  });
});
