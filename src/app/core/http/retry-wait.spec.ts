import { asSentence, formatWait } from './retry-wait';

describe('formatWait', () => {
  it('says seconds under a minute', () => {
    expect(formatWait(0)).toBe('0 s');
    expect(formatWait(1)).toBe('1 s');
    expect(formatWait(59)).toBe('59 s');
    expect(formatWait(2.2)).toBe('3 s');
  });

  it('says minutes and seconds under an hour', () => {
    expect(formatWait(60)).toBe('1 min');
    expect(formatWait(125)).toBe('2 min 5 s');
    expect(formatWait(3599)).toBe('59 min 59 s');
  });

  it('says hours and minutes under a day, rounding the minutes up', () => {
    expect(formatWait(3600)).toBe('1 h');
    expect(formatWait(3 * 3600 + 4 * 60)).toBe('3 h 4 min');
    expect(formatWait(3 * 3600 + 4 * 60 + 1)).toBe('3 h 5 min');
    expect(formatWait(2 * 3600 - 1)).toBe('2 h');
  });

  it('says days and hours from a day on', () => {
    expect(formatWait(86_399)).toBe('1 d');
    expect(formatWait(86_400)).toBe('1 d');
    expect(formatWait(2 * 86_400 + 5 * 3600)).toBe('2 d 5 h');
    expect(formatWait(2 * 86_400 + 5 * 3600 + 1)).toBe('2 d 6 h');
  });

  it('treats a negative or unreadable wait as none', () => {
    expect(formatWait(-5)).toBe('0 s');
    expect(formatWait(Number.NaN)).toBe('0 s');
  });
});

describe('asSentence', () => {
  it('ends a message with a full stop once', () => {
    expect(asSentence('The model is busy; retry later')).toBe('The model is busy; retry later.');
    expect(asSentence('Rate exceeded. ')).toBe('Rate exceeded.');
    expect(asSentence('Slow down!')).toBe('Slow down!');
    expect(asSentence('')).toBe('');
  });
});
