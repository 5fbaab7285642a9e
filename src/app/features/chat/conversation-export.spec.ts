import { startExchange } from './conversation';
import { conversationMarkdown, exportedConversation, exportFileName } from './conversation-export';

function exchange(prompt: string, answer: string, status: 'done' | 'failed' | 'stopped') {
  const turn = startExchange(prompt, 'Echo', 'local.echo');
  turn.answer.set(answer);
  turn.status.set(status);
  return turn;
}

describe('conversation export', () => {
  const at = new Date('2026-11-30T12:00:00Z');
  const turns = [
    exchange('Hi', 'Hello **there**', 'done'),
    exchange('Broken', '', 'failed'),
    exchange('Stop', 'Par', 'stopped'),
  ];

  it('keeps answered and stopped turns with their model, and the system prompt', () => {
    const exported = exportedConversation('T', 'conv-1', turns, { system: ' Be brief ' }, at);
    expect(exported).toEqual({
      title: 'T',
      conversationId: 'conv-1',
      exportedAt: '2026-11-30T12:00:00.000Z',
      system: 'Be brief',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello **there**', model: 'Echo' },
        { role: 'user', content: 'Stop' },
        { role: 'assistant', content: 'Par', model: 'Echo' },
      ],
    });
  });

  it('writes Markdown with a heading per message, answers as the model wrote them', () => {
    const markdown = conversationMarkdown(
      exportedConversation('T', 'conv-1', turns, { system: '' }, at),
    );
    expect(markdown).toBe(
      '# T\n\nExported 2026-11-30T12:00:00.000Z\n\n## You\n\nHi\n\n## Echo\n\nHello **there**\n\n' +
        '## You\n\nStop\n\n## Echo\n\nPar\n',
    );
  });

  it('lists what was attached (not the bytes) and what each answer was charged', () => {
    const turn = startExchange('What is this?', 'Reader', 'local.attachments', [
      { kind: 'image', format: 'png', name: 'cat.png', bytes: 2048, data: 'AAAA', preview: 'x' },
    ]);
    turn.answer.set('A cat');
    turn.status.set('done');
    turn.costNanoUsd.set(21_000);
    const exported = exportedConversation('T', 'conv-1', [turn], { system: '' }, at);
    expect(exported.messages).toEqual([
      {
        role: 'user',
        content: 'What is this?',
        attachments: [{ kind: 'image', format: 'png', name: 'cat.png', bytes: 2048 }],
      },
      { role: 'assistant', content: 'A cat', model: 'Reader', costNanoUsd: 21_000 },
    ]);
    expect(conversationMarkdown(exported)).toContain(
      '## You\n\nWhat is this?\n\n- Attached: cat.png (png, 2 KB)\n\n## Reader\n\nA cat\n\n_Charged $0.000021_\n',
    );
  });

  it('names files after the title', () => {
    expect(exportFileName('Budget: Q3 / Q4?', 'md')).toBe('budget-q3-q4.md');
    expect(exportFileName('Überblick', 'json')).toBe('überblick.json');
    expect(exportFileName('???', 'json')).toBe('conversation.json');
    expect(exportFileName('x'.repeat(80), 'md')).toBe(`${'x'.repeat(60)}.md`);
  });
});
