import {
  acceptedExtensions,
  attachmentProblem,
  attachmentTypeOf,
  describeRules,
  readAttachment,
} from './attachment-files';

const RULES = {
  images: { formats: ['png', 'jpeg'] as ('png' | 'jpeg')[], maxBytes: 1000, maxCount: 2 },
  documents: { formats: ['txt'] as 'txt'[], maxBytes: 500, maxCount: 1 },
};
const file = (name: string, size = 10, type = '') => ({ name, size, type });
const image = { kind: 'image' as const, format: 'png' as const, name: 'a.png', bytes: 10 };

describe('attachment files', () => {
  it('names a file by its extension, else its media type', () => {
    expect(attachmentTypeOf(file('Photo.JPG'))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(attachmentTypeOf(file('notes', 1, 'text/plain'))).toEqual({
      kind: 'document',
      format: 'txt',
    });
    expect(attachmentTypeOf(file('virus.exe', 1, 'application/x-msdownload'))).toBeUndefined();
  });

  it('offers the file dialog only the extensions the model reads', () => {
    expect(acceptedExtensions(RULES)).toBe('.png,.jpg,.jpeg,.txt');
    expect(acceptedExtensions(undefined)).toBe('');
  });

  it('admits a file the rules allow', () => {
    expect(attachmentProblem(file('a.png'), [], RULES, 'Reader')).toBeUndefined();
  });

  it.each([
    ['a text-only model', file('a.png'), [], undefined, /Reader accepts text only/],
    [
      'a type the model does not read',
      file('a.gif'),
      [],
      RULES,
      /a.gif is not a type Reader reads/,
    ],
    ['an unknown type', file('a.exe'), [], RULES, /PNG, JPEG images up to 1 KB/],
    ['an empty file', file('a.png', 0), [], RULES, /a.png is empty/],
    [
      'a file over the size',
      file('a.png', 1001),
      [],
      RULES,
      /is 1 KB; Reader accepts at most 1 KB/,
    ],
    ['one file too many', file('b.png'), [image, image], RULES, /at most 2 images per message/],
  ])('refuses %s, saying why', (_name, candidate, attached, rules, message) => {
    expect(attachmentProblem(candidate, attached, rules, 'Reader')).toMatch(message);
  });

  it('describes what a model reads', () => {
    expect(describeRules(RULES)).toBe(
      'PNG, JPEG images up to 1 KB, 2 per message; TXT documents up to 500 bytes, 1 per message',
    );
  });

  it('reads a file into base64 bytes, with a preview for images', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71]);
    const read = await readAttachment(new File([bytes], 'tiny.png'), {
      kind: 'image',
      format: 'png',
    });
    expect(read).toEqual({
      kind: 'image',
      format: 'png',
      name: 'tiny.png',
      bytes: 4,
      data: 'iVBORw==',
      preview: 'data:image/png;base64,iVBORw==',
    });
  });
});
