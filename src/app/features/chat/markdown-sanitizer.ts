import DOMPurify, { type Config } from 'dompurify';

/** The elements Markdown (GFM) produces and the chat shows; everything else is dropped. */
const MARKDOWN_TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'em',
  'strong',
  'del',
  'a',
  'img',
  'hr',
  'br',
];

/** No `class`, `role`, `style`, `id`, `data-*`, `aria-*` or event attributes: output cannot look like the app. */
const MARKDOWN_ATTRIBUTES = ['href', 'src', 'alt', 'title', 'align', 'start'];

const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Inline raster images only: an SVG image is a document of its own. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS: MARKDOWN_TAGS,
  ALLOWED_ATTR: MARKDOWN_ATTRIBUTES,
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
  // Only HTML: SVG and MathML elements are removed with their content.
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
};

/** The DOMPurify instance of this module, so no other code's hooks or settings apply to it. */
let purifier: ReturnType<typeof DOMPurify> | undefined;

/**
 * Reduces rendered Markdown to a strict allow-list: Markdown elements without styling or
 * identity attributes; links only to http(s) or mailto, opened in a new tab without referrer,
 * with their destination written after them when the text says something else; images only
 * from `appOrigin` or inline raster `data:` URIs, others replaced by their alt text.
 */
export function sanitizeMarkdownHtml(html: string, appOrigin: string): string {
  purifier ??= DOMPurify(window);
  const fragment = purifier.sanitize(html, { ...PURIFY_CONFIG, RETURN_DOM_FRAGMENT: true });
  for (const link of fragment.querySelectorAll('a')) secureLink(link, appOrigin);
  for (const image of fragment.querySelectorAll('img')) keepOwnImage(image, appOrigin);
  for (const code of fragment.querySelectorAll('pre')) scrollableByKeyboard(code);
  for (const table of fragment.querySelectorAll('table')) {
    // Wide tables scroll in a box of their own (words are not broken to fit a phone).
    const box = fragment.ownerDocument.createElement('div');
    table.replaceWith(box);
    box.append(table);
    scrollableByKeyboard(box);
  }
  const container = fragment.ownerDocument.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

function secureLink(link: HTMLAnchorElement, appOrigin: string): void {
  const target = parseUrl(link.getAttribute('href'), appOrigin);
  if (!target || !LINK_PROTOCOLS.includes(target.protocol)) {
    // A link to anywhere else keeps its text but stops being a link.
    link.replaceWith(...link.childNodes);
    return;
  }
  link.setAttribute('href', target.href);
  link.setAttribute('rel', 'noopener noreferrer nofollow');
  link.setAttribute('target', '_blank');
  const destination = target.protocol === 'mailto:' ? target.pathname : target.href;
  // `[Your bank](https://evil.example)` must not hide where it goes.
  if (comparable(link.textContent ?? '') !== comparable(destination)) {
    link.after(` (${destination})`);
  }
}

/** A box that may scroll sideways takes the focus, so arrow keys can scroll it (WCAG 2.1.1). */
function scrollableByKeyboard(element: HTMLElement): void {
  element.setAttribute('tabindex', '0');
}

function keepOwnImage(image: HTMLImageElement, appOrigin: string): void {
  const source = image.getAttribute('src') ?? '';
  const url = parseUrl(source, appOrigin);
  const own =
    DATA_IMAGE.test(source) ||
    (url !== undefined && url.origin === appOrigin && url.protocol.startsWith('http'));
  if (own) return;
  // A remote image would tell its server who read the answer and when.
  const alt = image.getAttribute('alt')?.trim();
  image.replaceWith(alt ? `[image: ${alt}]` : '[image]');
}

function parseUrl(value: string | null, base: string): URL | undefined {
  if (value === null) return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** A URL as a reader compares it: no scheme, no trailing slash, any case. */
function comparable(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/|mailto:)/, '')
    .replace(/\/$/, '');
}
