import { restoreMasked } from './masked-values';

describe('restoreMasked', () => {
  it('replaces every occurrence of each placeholder, and nothing else', () => {
    expect(
      restoreMasked('[EMAIL_1], [EMAIL_10] and [EMAIL_1] again; [EMAIL] stays', {
        '[EMAIL_1]': 'a@x.io',
        '[EMAIL_10]': 'b@x.io',
      }),
    ).toBe('a@x.io, b@x.io and a@x.io again; [EMAIL] stays');
  });

  it('treats a value as text, not as a replacement pattern', () => {
    expect(restoreMasked('[SECRET_1]', { '[SECRET_1]': '$& $1 $$' })).toBe('$& $1 $$');
  });
});
