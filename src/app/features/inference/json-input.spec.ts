import { checkInput } from './json-input';

describe('checkInput', () => {
  it('parses JSON for JSON endpoints', () => {
    expect(checkInput('{"inputs": [1, 2]}', 'application/json')).toEqual({
      valid: true,
      value: { inputs: [1, 2] },
    });
  });

  it('explains invalid JSON', () => {
    const check = checkInput('{"inputs": [1, 2}', undefined);
    expect(check.valid).toBe(false);
    expect(!check.valid && check.message).toMatch(/^The input is not valid JSON: /);
  });

  it('takes CSV as text and refuses empty input', () => {
    expect(checkInput('1,2,3', 'text/csv')).toEqual({ valid: true, value: '1,2,3' });
    expect(checkInput('  ', 'text/csv')).toEqual({
      valid: false,
      message: 'Enter the input to send.',
    });
  });
});
