import { Marked, type Token, type Tokens } from 'marked';

import { sanitizeMarkdownHtml } from './markdown-sanitizer';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Renders model output (Markdown) to HTML reduced to a strict Markdown allow-list (see
 * `sanitizeMarkdownHtml`). Still bind it with `[innerHTML]`: Angular's sanitizer stays in the
 * chain as a second, independent filter.
 */
export function renderMarkdown(text: string, appOrigin = window.location.origin): string {
  return sanitizeMarkdownHtml(markdown.parse(text, { async: false }), appOrigin);
}

/** A part of an answer: sanitized Markdown HTML, or a code block shown with its own controls. */
export type MarkdownBlock =
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'code'; readonly code: string; readonly language?: string };

/** A language tag as written after ```: letters, digits and a few signs (`c++`, `objective-c`). */
const LANGUAGE_TAG = /^[\w+#.-]{1,32}$/;

/**
 * Splits an answer into blocks: its top-level code blocks (text, with their language tag) and
 * the Markdown between them, rendered and sanitized as `renderMarkdown` does. Code blocks get
 * a language label, a copy button and highlighting; code inside lists or quotes stays in the HTML.
 */
export function markdownBlocks(text: string, appOrigin = window.location.origin): MarkdownBlock[] {
  const tokens = markdown.lexer(text);
  const blocks: MarkdownBlock[] = [];
  let pending: Token[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    // Reference-style links are defined once for the whole answer.
    const part = Object.assign(pending, { links: tokens.links });
    const html = sanitizeMarkdownHtml(markdown.parser(part), appOrigin);
    if (html.trim() !== '') blocks.push({ kind: 'html', html });
    pending = [];
  };
  for (const token of tokens) {
    if (token.type !== 'code') {
      pending.push(token);
      continue;
    }
    flush();
    const tag = ((token as Tokens.Code).lang ?? '').trim().split(/\s+/)[0] ?? '';
    blocks.push({
      kind: 'code',
      code: (token as Tokens.Code).text,
      ...(LANGUAGE_TAG.test(tag) ? { language: tag } : {}),
    });
  }
  flush();
  return blocks;
}
