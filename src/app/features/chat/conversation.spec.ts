import { conversationMessages, startExchange } from './conversation';

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
