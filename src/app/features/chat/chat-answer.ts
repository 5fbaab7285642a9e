import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { ErrorAlert } from '../../core/ui/error-alert';
import type { Exchange } from './conversation';
import { renderMarkdown } from './markdown';

/** One exchange: the prompt, the streamed answer as sanitized Markdown, copy, tokens and latency. */
@Component({
  selector: 'app-chat-answer',
  imports: [ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let turn = exchange();
    <article class="exchange" [attr.aria-busy]="turn.status() === 'streaming'">
      <div class="prompt">
        <h2 class="visually-hidden">You</h2>
        <p>{{ turn.prompt }}</p>
      </div>
      <div class="answer">
        <h2 class="visually-hidden">{{ turn.modelLabel }}</h2>
        <!-- Allow-listed by DOMPurify, then [innerHTML] runs Angular's sanitizer as a second filter. -->
        <div class="markdown" [innerHTML]="html()"></div>
        @if (turn.status() === 'streaming' && turn.answer() === '') {
          <p class="hint">Waiting for the first token…</p>
        }
        @if (turn.status() === 'stopped') {
          <p class="hint">Stopped.</p>
        }
        <app-error-alert
          [error]="turn.error()"
          [subject]="turn.modelLabel"
          asyncHint="Try again, or pick another model; streamed answers are not cut off at 29 s."
        />
        @if (turn.status() !== 'streaming' && turn.answer() !== '') {
          <div class="meta">
            <button type="button" class="copy" (click)="copy()">Copy answer</button>
            <span class="hint" role="status">{{ copyStatus() }}</span>
            @if (turn.usage(); as usage) {
              <span class="hint" data-testid="usage"
                >{{ usage.inputTokens }} input · {{ usage.outputTokens }} output tokens</span
              >
            }
            @if (turn.latencyMs() !== undefined) {
              <span class="hint" data-testid="latency">{{ turn.latencyMs() }} ms</span>
            }
            @if (turn.firstTokenMs() !== undefined) {
              <span class="hint">first token after {{ turn.firstTokenMs() }} ms</span>
            }
          </div>
        }
      </div>
    </article>
  `,
  styles: `
    .exchange {
      margin: 1rem 0;
    }
    .prompt {
      background: #e4edf6;
      border-radius: 6px;
      padding: 0.25rem 0.75rem;
      margin-left: auto;
      max-width: 85%;
      width: fit-content;
      white-space: pre-wrap;
    }
    .answer {
      background: var(--color-surface);
      border-radius: 6px;
      padding: 0.25rem 0.75rem;
      margin-top: 0.5rem;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
      padding-bottom: 0.5rem;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  `,
})
export class ChatAnswer {
  readonly exchange = input.required<Exchange>();
  protected readonly html = computed(() => renderMarkdown(this.exchange().answer()));
  protected readonly copyStatus = signal('');

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.exchange().answer());
      this.copyStatus.set('Copied to the clipboard.');
    } catch {
      this.copyStatus.set('The browser did not allow copying; select the text instead.');
    }
  }
}
