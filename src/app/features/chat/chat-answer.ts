import { Component, computed, input, output, signal } from '@angular/core';

import type { Usage } from '../../core/api/api-types';
import { ErrorAlert } from '../../core/ui/error-alert';
import { formatAnswerCost } from './answer-cost';
import { formatBytes } from './attachments/attachment-files';
import { CodeBlock } from './code-block';
import type { Exchange } from './conversation';
import { markdownBlocks } from './markdown';
import { MaskedValues, shownAnswer } from './masked-values';

/**
 * One exchange: the prompt (with Edit), the streamed answer as sanitized Markdown with its code
 * blocks highlighted, Copy, Regenerate or Retry, tokens and latency.
 */
@Component({
  selector: 'app-chat-answer',
  imports: [CodeBlock, ErrorAlert, MaskedValues],
  templateUrl: './chat-answer.html',
  styles: `
    .exchange {
      margin: 1rem 0;
    }
    .prompt {
      background: var(--color-prompt);
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
    .sent-files {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      list-style: none;
      margin: 0 0 0.25rem;
      padding: 0;
      white-space: normal;
    }
    .sent-files li {
      display: flex;
      gap: 0.375rem;
      align-items: center;
    }
    .sent-files img {
      object-fit: cover;
      border-radius: 4px;
    }
    .size {
      color: var(--color-muted);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
      padding-bottom: 0.5rem;
    }
    .prompt-actions {
      justify-content: flex-end;
      padding: 0.25rem 0 0;
    }
    button.link {
      background: none;
      border: none;
      padding: 0;
      color: var(--color-primary);
      text-decoration: underline;
      cursor: pointer;
    }
  `,
})
export class ChatAnswer {
  readonly exchange = input.required<Exchange>();
  /** False while another answer streams (one turn at a time). */
  readonly canRetry = input(true);
  /** True for the conversation's newest exchange (the one Regenerate replaces). */
  readonly latest = input(false);
  /** Send this failed exchange's prompt again. */
  readonly retry = output<void>();
  /** Ask this exchange's prompt again for a new answer. */
  readonly regenerate = output<void>();
  /** Edit this exchange's prompt in the composer. */
  readonly edit = output<void>();
  /** The user chose a fresh conversation (offered when older turns were left out). */
  readonly newConversation = output<void>();
  protected readonly blocks = computed(() => markdownBlocks(shownAnswer(this.exchange())));
  /** Between the usage figures. */
  protected readonly separator = ' · ';
  protected readonly copyStatus = signal('');
  protected readonly formatCost = formatAnswerCost;
  protected readonly formatBytes = formatBytes;

  /** "5 input · 7 output tokens · 1024 read from cache · 256 written to cache". */
  protected usageText(usage: Usage): string {
    const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = usage;
    return [
      $localize`:Tokens of one answer@@answer.usage:${inputTokens}:input: input · ${outputTokens}:output: output tokens`,
      ...(cacheReadTokens
        ? [
            $localize`:Prompt cache tokens read@@answer.cacheRead:${cacheReadTokens}:count: read from cache`,
          ]
        : []),
      ...(cacheWriteTokens
        ? [
            $localize`:Prompt cache tokens written@@answer.cacheWrite:${cacheWriteTokens}:count: written to cache`,
          ]
        : []),
    ].join(' · ');
  }

  protected async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.exchange().answer());
      this.copyStatus.set($localize`:After Copy@@keys.copied:Copied to the clipboard.`);
    } catch {
      this.copyStatus.set(
        $localize`:After Copy failed@@answer.copyRefused:The browser did not allow copying; select the text instead.`,
      );
    }
  }
}
