import { describe, expect, it } from 'vitest';
import {
  MAX_CONVERSATION_CHARS,
  MAX_MESSAGES,
  MAX_TITLE_CHARS,
  parseConversationId,
  renameConversationSchema,
  saveConversationSchema,
} from './conversations.ts';

const rejection = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('parseConversationId', () => {
  it('accepts 8 to 64 letters, digits, - and _', () => {
    for (const id of ['abcd-12_', 'A'.repeat(64), 'conv_2026-11-24_x9'])
      expect(parseConversationId(id)).toBe(id);
  });

  it('refuses the whole id unless every character is allowed, at either end too', () => {
    // Without anchors a valid run inside the id would pass, and any key could be addressed.
    for (const id of [
      '../conv-alice',
      'conv-alice/..',
      'conv alice 1',
      'conv-alice#SK',
      'conv.alice',
    ])
      expect(
        rejection(() => parseConversationId(id)),
        id,
      ).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
        field: 'conversationId',
        message: 'conversationId must be 8-64 letters, digits, - or _',
      });
  });

  it('refuses ids shorter than 8 or longer than 64 characters, and a missing id', () => {
    for (const id of ['abcdefg', 'a'.repeat(65), '', undefined])
      expect(
        rejection(() => parseConversationId(id)),
        String(id),
      ).toMatchObject({
        status: 400,
        field: 'conversationId',
      });
  });
});

describe('saveConversationSchema', () => {
  const message = (content: string) => ({ role: 'user' as const, content });
  const body = (messages: { role: 'user' | 'assistant'; content: string }[]) => ({
    modelId: 'model-a',
    messages,
  });

  it('accepts a conversation of exactly the largest total size', () => {
    const half = MAX_CONVERSATION_CHARS / 2;
    const parsed = saveConversationSchema.safeParse(
      body([message('a'.repeat(half)), { role: 'assistant', content: 'b'.repeat(half) }]),
    );
    expect(parsed.success).toBe(true);
  });

  it('refuses a conversation whose messages together pass the size limit, naming the field', () => {
    const half = MAX_CONVERSATION_CHARS / 2;
    // Each message is well under the limit; only their sum is too large.
    const parsed = saveConversationSchema.safeParse(
      body([message('a'.repeat(half)), message('b'.repeat(half + 1))]),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ['messages'],
        message: `messages may hold at most ${MAX_CONVERSATION_CHARS} characters`,
      }),
    ]);
  });

  it('holds 1 to MAX_MESSAGES messages, a model id and an optional title', () => {
    expect(saveConversationSchema.safeParse(body([])).success).toBe(false);
    const most = Array.from({ length: MAX_MESSAGES }, () => message('x'));
    expect(saveConversationSchema.safeParse(body(most)).success).toBe(true);
    expect(saveConversationSchema.safeParse(body([...most, message('x')])).success).toBe(false);
    expect(saveConversationSchema.safeParse({ ...body([message('x')]), modelId: '' }).success).toBe(
      false,
    );
    expect(
      saveConversationSchema.safeParse({ ...body([message('x')]), title: '  Budgets  ' }).data
        ?.title,
    ).toBe('Budgets');
  });
});

describe('renameConversationSchema', () => {
  it('takes a trimmed, non-empty title of at most MAX_TITLE_CHARS characters', () => {
    expect(renameConversationSchema.safeParse({ title: ' Plans ' }).data).toEqual({
      title: 'Plans',
    });
    expect(renameConversationSchema.safeParse({ title: '   ' }).error?.issues[0]?.message).toBe(
      'must not be empty',
    );
    expect(renameConversationSchema.safeParse({ title: 'x'.repeat(MAX_TITLE_CHARS) }).success).toBe(
      true,
    );
    expect(
      renameConversationSchema.safeParse({ title: 'x'.repeat(MAX_TITLE_CHARS + 1) }).success,
    ).toBe(false);
  });
});
