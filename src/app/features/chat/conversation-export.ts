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
  const exported = $localize`:Markdown export - when the file was made@@export.exported:Exported ${conversation.exportedAt}:time:`;
  const lines = [`# ${conversation.title}`, '', exported, ''];
  if (conversation.system)
    lines.push(
      `## ${$localize`:Markdown export - heading of the system prompt@@export.system:System prompt`}`,
      '',
      conversation.system,
      '',
    );
  for (const message of conversation.messages) {
    const speaker =
      message.role === 'user'
        ? $localize`:Markdown export - heading of the user's turn@@export.you:You`
        : (message.model ??
          $localize`:Markdown export - heading of an answer whose model is not known@@export.assistant:Assistant`);
    lines.push(`## ${speaker}`, '');
    lines.push(message.content, '');
    for (const file of message.attachments ?? [])
      lines.push(
        `- ${$localize`:Markdown export - a file sent with the prompt@@export.attached:Attached: ${file.name}:file: (${file.format}:format:, ${formatBytes(file.bytes)}:size:)`}`,
      );
    if (message.attachments?.length) lines.push('');
    if (message.costNanoUsd !== undefined)
      lines.push(
        `_${$localize`:Markdown export - what the answer cost@@export.charged:Charged ${formatAnswerCost(message.costNanoUsd)}:amount:`}_`,
        '',
      );
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
