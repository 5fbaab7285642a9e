import { Component, computed, input, output, signal } from '@angular/core';
import { ErrorAlert } from '../../core/ui/error-alert';
import type { Exchange } from './conversation';
import { renderMarkdown } from './markdown';

/** One exchange: the prompt, the streamed answer as sanitized Markdown, copy, tokens and latency. */
@Component({
  selector: 'app-chat-answer',
  imports: [ErrorAlert],
  templateUrl: './chat-answer.html',
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
      /* A long unbroken string wraps instead of widening the page. */
      overflow-wrap: anywhere;
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
    button.link {
      background: none;
      border: none;
      padding: 0;
      color: var(--color-primary);
      text-decoration: underline;
      cursor: pointer;
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
  /** False while another answer streams (one turn at a time). */
  readonly canRetry = input(true);
  /** Send this failed exchange's prompt again. */
  readonly retry = output<void>();
  /** The user chose a fresh conversation (offered when older turns were left out). */
  readonly newConversation = output<void>();
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
