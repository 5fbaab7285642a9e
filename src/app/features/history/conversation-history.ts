import { Injectable, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';
import type { Exchange } from '../chat/conversation';
import { savedMessages } from './chat-history';
import { HistoryApi } from './history-api';
import type { Conversation, ConversationSummary } from './history-types';

/**
 * The user's saved conversations for one chat page: the list, and every change to it (save,
 * rename, delete), each followed by a fresh list. Provided by the chat page, so the list is
 * loaded per visit and never outlives the signed-in user.
 */
@Injectable()
export class ConversationHistory {
  private readonly api = inject(HistoryApi);

  /** The conversations, newest first as the API lists them. */
  readonly conversations = rxResource({ stream: () => this.api.list() });
  /** Why the last save failed; cleared by the next save. */
  readonly saveError = signal<unknown>(undefined);

  /** The listed conversations, or none while loading or after a failure. */
  list(): readonly ConversationSummary[] {
    return this.conversations.hasValue() ? this.conversations.value() : [];
  }

  /** Saves the exchanges worth keeping (see savedMessages); nothing when there are none. */
  async save(
    conversationId: string,
    modelId: string,
    exchanges: readonly Exchange[],
  ): Promise<void> {
    const messages = savedMessages(exchanges);
    if (messages.length === 0) return;
    this.saveError.set(undefined);
    try {
      await firstValueFrom(this.api.save(conversationId, { modelId, messages }));
      this.conversations.reload();
    } catch (error) {
      this.saveError.set(error);
    }
  }

  open(conversationId: string): Promise<Conversation> {
    return firstValueFrom(this.api.open(conversationId));
  }

  async rename(conversationId: string, title: string): Promise<void> {
    await firstValueFrom(this.api.rename(conversationId, title));
    this.conversations.reload();
  }

  async delete(conversationId: string): Promise<void> {
    await firstValueFrom(this.api.delete(conversationId));
    this.conversations.reload();
  }
}
