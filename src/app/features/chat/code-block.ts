import { Component, computed, inject, input, signal } from '@angular/core';

import { CodeHighlighter, languageLabel } from './code-highlighter';

/**
 * A code block of an answer: its language, a Copy button, and the code, highlighted once the
 * highlighter has loaded (plain text until then). The block scrolls sideways and takes the
 * focus, so arrow keys can scroll it (WCAG 2.1.1).
 */
@Component({
  selector: 'app-code-block',
  template: `
    <div class="code-head">
      <span class="code-language">{{ label() }}</span>
      <button type="button" class="code-copy" (click)="copy()" i18n="@@code.copy">Copy code</button>
      <span class="hint" role="status">{{ copyStatus() }}</span>
    </div>
    @if (highlighted(); as html) {
      <pre tabindex="0"><code class="hljs" [innerHTML]="html"></code></pre>
    } @else {
      <pre tabindex="0"><code>{{ code() }}</code></pre>
    }
  `,
  host: { class: 'code-block' },
})
export class CodeBlock {
  private readonly highlighter = inject(CodeHighlighter);

  readonly code = input.required<string>();
  /** The tag written after ``` (e.g. `ts`), when the answer gave one. */
  readonly language = input<string>();

  protected readonly label = computed(() => languageLabel(this.language()));
  protected readonly highlighted = computed(() =>
    this.highlighter.highlight(this.code(), this.language()),
  );
  protected readonly copyStatus = signal('');

  constructor() {
    this.highlighter.load();
  }

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.code());
      this.copyStatus.set($localize`:After Copy code@@code.copied:Copied.`);
    } catch {
      this.copyStatus.set(
        $localize`:After Copy code failed@@code.copyRefused:The browser did not allow copying; select the code instead.`,
      );
    }
  }
}
