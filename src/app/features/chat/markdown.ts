import { Marked } from 'marked';
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
