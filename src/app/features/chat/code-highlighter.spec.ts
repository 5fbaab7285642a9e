import { TestBed } from '@angular/core/testing';

import { CodeHighlighter, languageLabel } from './code-highlighter';

async function loaded(): Promise<CodeHighlighter> {
  const highlighter = TestBed.inject(CodeHighlighter);
  highlighter.load();
  for (let i = 0; i < 50 && highlighter.highlight('x', 'ts') === undefined; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return highlighter;
}

describe('CodeHighlighter', () => {
  it('names languages by their common tags, and keeps an unknown tag as written', () => {
    expect(languageLabel('ts')).toBe('TypeScript');
    expect(languageLabel('PY')).toBe('Python');
    expect(languageLabel('sh')).toBe('Shell');
    expect(languageLabel('cobol')).toBe('cobol');
    expect(languageLabel(undefined)).toBe('Text');
  });

  it('highlights nothing before it is loaded', () => {
    expect(TestBed.inject(CodeHighlighter).highlight('const a = 1;', 'ts')).toBeUndefined();
  });

  it('once loaded, marks tokens with classes only and escapes the code', async () => {
    const highlighter = await loaded();
    const html = highlighter.highlight('const a = "<b>";', 'typescript')!;
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toMatch(/style=|<b>/);
    expect(highlighter.highlight('x', 'cobol')).toBeUndefined();
    expect(highlighter.highlight('x', undefined)).toBeUndefined();
  });
});
