import { Injectable, signal } from '@angular/core';
import type { HLJSApi, LanguageFn } from 'highlight.js';

/** What the lazily loaded highlighter chunk provides: highlight.js's core and a few languages. */
interface LoadedHighlighter {
  readonly hljs: HLJSApi;
}

/** Display names of the languages the chat highlights, by the tags models write after ```. */
const LANGUAGE_LABELS: Readonly<Record<string, string>> = {
  typescript: 'TypeScript',
  ts: 'TypeScript',
  tsx: 'TypeScript',
  javascript: 'JavaScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  python: 'Python',
  py: 'Python',
  bash: 'Shell',
  sh: 'Shell',
  shell: 'Shell',
  zsh: 'Shell',
  console: 'Shell',
  json: 'JSON',
  html: 'HTML',
  xml: 'XML',
  css: 'CSS',
  sql: 'SQL',
  yaml: 'YAML',
  yml: 'YAML',
  java: 'Java',
  go: 'Go',
  rust: 'Rust',
  rs: 'Rust',
};

/** The label of a code block's language tag (the tag itself when the chat does not know it). */
export function languageLabel(tag: string | undefined): string {
  if (!tag) return $localize`:A code block without a language@@code.text:Text`;
  return LANGUAGE_LABELS[tag.toLowerCase()] ?? tag;
}

/** Loads highlight.js's core and registers the languages above (a chunk of its own). */
async function loadHighlighter(): Promise<LoadedHighlighter> {
  const [core, ...languages] = await Promise.all([
    import('highlight.js/lib/core'),
    import('highlight.js/lib/languages/typescript'),
    import('highlight.js/lib/languages/javascript'),
    import('highlight.js/lib/languages/python'),
    import('highlight.js/lib/languages/bash'),
    import('highlight.js/lib/languages/shell'),
    import('highlight.js/lib/languages/json'),
    import('highlight.js/lib/languages/xml'),
    import('highlight.js/lib/languages/css'),
    import('highlight.js/lib/languages/sql'),
    import('highlight.js/lib/languages/yaml'),
    import('highlight.js/lib/languages/java'),
    import('highlight.js/lib/languages/go'),
    import('highlight.js/lib/languages/rust'),
  ]);
  const names = [
    'typescript',
    'javascript',
    'python',
    'bash',
    'shell',
    'json',
    'xml',
    'css',
    'sql',
    'yaml',
    'java',
    'go',
    'rust',
  ];
  const hljs = core.default;
  names.forEach((name, index) =>
    hljs.registerLanguage(name, languages[index]!.default as LanguageFn),
  );
  return { hljs };
}

/**
 * Syntax highlighting for code blocks in answers: highlight.js, loaded on the first code block
 * (not at first paint). Its output is text escaped by highlight.js inside `<span class="hljs-…">`
 * elements only: no inline style, so the strict CSP holds and the theme lives in styles.css.
 */
@Injectable({ providedIn: 'root' })
export class CodeHighlighter {
  private readonly loaded = signal<LoadedHighlighter | undefined>(undefined);
  private loading?: Promise<void>;

  /** Starts loading the highlighter (once); blocks re-render when it arrives. */
  load(): void {
    this.loading ??= loadHighlighter().then(
      (highlighter) => this.loaded.set(highlighter),
      // Without the chunk (e.g. offline after a deploy) code stays plain text.
      () => undefined,
    );
  }

  /**
   * `code` as highlighted HTML, or undefined while the highlighter loads or when it does not
   * know `language` (the block then shows plain text).
   */
  highlight(code: string, language: string | undefined): string | undefined {
    const hljs = this.loaded()?.hljs;
    if (!hljs || !language || !hljs.getLanguage(language)) return undefined;
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
}
