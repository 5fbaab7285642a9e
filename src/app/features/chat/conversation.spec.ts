import { conversationMessages, fitConversation, startExchange } from './conversation';

describe('conversationMessages', () => {
  it('sends earlier answered turns, then the new prompt', () => {
    const done = startExchange('What is 2+2?', 'Echo');
    done.answer.set('4');
    done.status.set('done');
    const stopped = startExchange('Tell a story', 'Echo');
    stopped.answer.set('Once upon');
    stopped.status.set('stopped');
    expect(conversationMessages([done, stopped], 'Go on')).toEqual([
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: '4' },
      { role: 'user', content: 'Tell a story' },
      { role: 'assistant', content: 'Once upon' },
      { role: 'user', content: 'Go on' },
    ]);
  });

  it('leaves out failed and empty turns so roles alternate', () => {
    const failed = startExchange('A', 'Echo');
    failed.status.set('failed');
    const empty = startExchange('B', 'Echo');
    empty.status.set('stopped');
    expect(conversationMessages([failed, empty], 'C')).toEqual([{ role: 'user', content: 'C' }]);
  });
});

describe('fitConversation', () => {
  const turn = (prompt: string, answer: string) => {
    const exchange = startExchange(prompt, 'Echo');
    exchange.answer.set(answer);
    exchange.status.set('done');
    return exchange;
  };

  it('leaves out the oldest turns until the input fits, and counts them', () => {
    const old = turn('a'.repeat(40), 'b'.repeat(40));
    const recent = turn('c'.repeat(10), 'd'.repeat(10));
    expect(fitConversation([old, recent], 'next', 200)).toEqual({
      messages: conversationMessages([old, recent], 'next'),
      leftOut: 0,
    });
    expect(fitConversation([old, recent], 'next', 50)).toEqual({
      messages: [
        { role: 'user', content: 'c'.repeat(10) },
        { role: 'assistant', content: 'd'.repeat(10) },
        { role: 'user', content: 'next' },
      ],
      leftOut: 1,
    });
  });

  it('gives up (undefined) when the prompt alone is over the limit', () => {
    expect(fitConversation([], 'x'.repeat(11), 10)).toBeUndefined();
  });
});
