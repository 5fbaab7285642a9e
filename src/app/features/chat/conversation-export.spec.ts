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

  it('names files after the title', () => {
    expect(exportFileName('Budget: Q3 / Q4?', 'md')).toBe('budget-q3-q4.md');
    expect(exportFileName('Überblick', 'json')).toBe('überblick.json');
    expect(exportFileName('???', 'json')).toBe('conversation.json');
    expect(exportFileName('x'.repeat(80), 'md')).toBe(`${'x'.repeat(60)}.md`);
  });
});
