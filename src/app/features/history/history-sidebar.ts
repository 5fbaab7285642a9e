import { Component, inject, input, output, signal } from '@angular/core';
import { ErrorAlert } from '../../core/ui/error-alert';
import { ConversationHistory } from './conversation-history';
import type { Conversation, ConversationSummary } from './history-types';

/**
 * The user's past conversations, for the chat page: open, rename, delete, start a new one.
 * Emits `opened` with the whole conversation and `started` for a fresh one. The list is the
 * page's ConversationHistory, so a conversation the chat saves shows up here.
 */
@Component({
  selector: 'app-history-sidebar',
  imports: [ErrorAlert],
  templateUrl: './history-sidebar.html',
  styles: `
    ul {
      list-style: none;
      padding: 0;
    }
    li {
      padding: 0.25rem 0;
      border-bottom: 1px solid #ddd;
    }
    li.current .open {
      font-weight: 600;
    }
    .open {
      display: block;
      width: 100%;
      text-align: left;
      background: none;
      border: none;
      color: inherit;
      cursor: pointer;
      padding: 0.25rem 0;
    }
    .actions {
      display: flex;
      gap: 0.25rem;
    }
  `,
})
export class HistorySidebar {
  private readonly history = inject(ConversationHistory);

  /** The conversation the chat shows, marked as current. */
  readonly activeId = input<string | undefined>(undefined);
  readonly opened = output<Conversation>();
  readonly started = output<void>();
  /** The id of a conversation just deleted (the chat clears it if it is open). */
  readonly deleted = output<string>();

  protected readonly conversations = this.history.conversations;
  protected readonly renaming = signal<string | undefined>(undefined);
  protected readonly confirming = signal<string | undefined>(undefined);
  protected readonly draftTitle = signal('');
  protected readonly actionError = signal<unknown>(undefined);

  protected list(): readonly ConversationSummary[] {
    return this.history.list();
  }

  protected async open(conversation: ConversationSummary): Promise<void> {
    await this.run(async () =>
      this.opened.emit(await this.history.open(conversation.conversationId)),
    );
  }

  protected startRename(conversation: ConversationSummary): void {
    this.draftTitle.set(conversation.title);
    this.renaming.set(conversation.conversationId);
  }

  protected async rename(event: Event, conversation: ConversationSummary): Promise<void> {
    event.preventDefault();
    const title = this.draftTitle().trim();
    if (!title) return;
    await this.run(async () => {
      await this.history.rename(conversation.conversationId, title);
      this.renaming.set(undefined);
    });
  }

  protected async remove(conversation: ConversationSummary): Promise<void> {
    await this.run(async () => {
      await this.history.delete(conversation.conversationId);
      this.confirming.set(undefined);
      this.deleted.emit(conversation.conversationId);
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.actionError.set(undefined);
    try {
      await action();
    } catch (error) {
      this.actionError.set(error);
    }
  }
}
