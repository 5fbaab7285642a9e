import type { AttachmentSummary } from '../../../../amplify/contract/history';
import { formatAnswerCost } from './answer-cost';
import { attachmentSummary, formatBytes } from './attachments/attachment-files';
import type { ChatSettings } from './chat-session';
import type { Exchange } from './conversation';

/** A conversation as exported: what the user sees of it, nothing of the session's state. */
export interface ExportedConversation {
  readonly title: string;
  readonly conversationId: string;
  readonly exportedAt: string;
  readonly system?: string;
  readonly messages: readonly {
    readonly role: 'user' | 'assistant';
    readonly content: string;
    readonly model?: string;
    /** A prompt's files (name, type, size; never their bytes). */
    readonly attachments?: readonly AttachmentSummary[];
    /** An answer's charge, in nano-dollars. */
    readonly costNanoUsd?: number;
  }[];
}

/** The conversation's turns that have an answer (or were stopped), as exported. */
export function exportedConversation(
  title: string,
  conversationId: string,
  exchanges: readonly Exchange[],
  settings: ChatSettings,
  now = new Date(),
): ExportedConversation {
  const kept = exchanges.filter((exchange) => ['done', 'stopped'].includes(exchange.status()));
  return {
    title,
    conversationId,
    exportedAt: now.toISOString(),
    ...(settings.system.trim() ? { system: settings.system.trim() } : {}),
    messages: kept.flatMap((exchange) => {
      const cost = exchange.costNanoUsd();
      return [
        {
          role: 'user' as const,
          content: exchange.prompt,
          ...(exchange.attachments.length > 0
            ? { attachments: exchange.attachments.map(attachmentSummary) }
            : {}),
        },
        {
          role: 'assistant' as const,
          content: exchange.answer(),
          model: exchange.modelLabel,
          ...(cost !== undefined ? { costNanoUsd: cost } : {}),
        },
      ];
    }),
  };
}

/** The conversation as a Markdown document: a heading per turn, answers as the model wrote them. */
export function conversationMarkdown(conversation: ExportedConversation): string {
  const lines = [`# ${conversation.title}`, '', `Exported ${conversation.exportedAt}`, ''];
  if (conversation.system) lines.push('## System prompt', '', conversation.system, '');
  for (const message of conversation.messages) {
    lines.push(message.role === 'user' ? '## You' : `## ${message.model ?? 'Assistant'}`, '');
    lines.push(message.content, '');
    for (const file of message.attachments ?? [])
      lines.push(`- Attached: ${file.name} (${file.format}, ${formatBytes(file.bytes)})`);
    if (message.attachments?.length) lines.push('');
    if (message.costNanoUsd !== undefined)
      lines.push(`_Charged ${formatAnswerCost(message.costNanoUsd)}_`, '');
  }
  return lines.join('\n');
}

/** A file name from a title: letters, digits and dashes, at most 60 characters. */
export function exportFileName(title: string, extension: 'md' | 'json'): string {
  const stem = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${stem || 'conversation'}.${extension}`;
}

/** Hands `text` to the browser as a download named `fileName`. */
export function downloadText(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
