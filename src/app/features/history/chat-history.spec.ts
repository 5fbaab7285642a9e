import { startExchange } from '../chat/conversation';
import { restoreExchanges, savedMessages } from './chat-history';

describe('chat history helpers', () => {
  it('saves finished exchanges as user/assistant pairs and skips failed or empty ones', () => {
    const done = startExchange('first', 'Echo');
    done.answer.set('one');
    done.status.set('done');
    const failed = startExchange('broken', 'Echo');
    failed.status.set('failed');
    const stopped = startExchange('second', 'Echo');
    stopped.answer.set('partial');
    stopped.status.set('stopped');
    const streaming = startExchange('third', 'Echo');
    streaming.answer.set('still coming');
    expect(savedMessages([done, failed, stopped, streaming])).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'one' },
      { role: 'user', content: 'second' },
      { role: 'assistant', content: 'partial' },
    ]);
  });

  it('restores saved messages as finished exchanges that save back identically', () => {
    const messages = [
      { role: 'user' as const, content: 'q1' },
      { role: 'assistant' as const, content: 'a1' },
      { role: 'user' as const, content: 'q2' },
      { role: 'assistant' as const, content: 'a2' },
    ];
    const exchanges = restoreExchanges(messages, 'Echo');
    expect(
      exchanges.map((exchange) => [exchange.prompt, exchange.answer(), exchange.status()]),
    ).toEqual([
      ['q1', 'a1', 'done'],
      ['q2', 'a2', 'done'],
    ]);
    expect(exchanges[0]!.modelLabel).toBe('Echo');
    // Each answer now names its model (older saves did not: the conversation's model fills in).
    expect(savedMessages(exchanges)).toEqual(
      messages.map((message) =>
        message.role === 'assistant' ? { ...message, modelId: 'Echo' } : message,
      ),
    );
  });

  it("credits each restored answer to the model it names, else the conversation's", () => {
    const exchanges = restoreExchanges(
      [
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1', modelId: 'model-a' },
        { role: 'user', content: 'q2' },
        { role: 'assistant', content: 'a2' },
      ],
      'model-b',
      (id) => `Label ${id}`,
    );
    expect(exchanges.map((exchange) => exchange.modelLabel)).toEqual([
      'Label model-a',
      'Label model-b',
    ]);
    expect(savedMessages(exchanges)[1]).toEqual({
      role: 'assistant',
      content: 'a1',
      modelId: 'model-a',
    });
  });

  it('restores what was attached and what each answer cost, and saves them back unchanged', () => {
    const messages = [
      {
        role: 'user' as const,
        content: 'q1',
        attachments: [
          { kind: 'document' as const, format: 'pdf' as const, name: 'r.pdf', bytes: 9 },
        ],
      },
      { role: 'assistant' as const, content: 'a1', modelId: 'm', costNanoUsd: 42 },
    ];
    const [exchange] = restoreExchanges(messages, 'm');
    expect(exchange!.attachments).toEqual(messages[0]!.attachments);
    expect(exchange!.costNanoUsd()).toBe(42);
    expect(savedMessages([exchange!])).toEqual(messages);
  });
});
