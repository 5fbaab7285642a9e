import { Marked } from 'marked';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Renders model output (Markdown) to HTML. The result is NOT safe by itself: bind it with
 * `[innerHTML]`, whose sanitizer removes scripts, event handlers and `javascript:` URLs.
 */
export function renderMarkdown(text: string): string {
  return markdown.parse(text, { async: false });
}
