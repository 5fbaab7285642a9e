import { inject, Injectable, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import type { Exchange } from '../chat/conversation';
import { savedMessages } from './chat-history';
import { HistoryApi } from './history-api';
import type {
  Conversation,
  ConversationPage,
  ConversationSettings,
  ConversationSummary,
} from './history-types';

/**
 * The user's saved conversations for one chat page: the list (first page, then more on
 * request), and every change to it (save, rename, delete), each followed by a fresh list.
 * Provided by the chat page, so the list is loaded per visit and never outlives the user.
 */
@Injectable()
export class ConversationHistory {
  private readonly api = inject(HistoryApi);

  /** The search text the list is filtered by ('' for every conversation). */
  readonly search = signal('');
  /** The first page of conversations (matching the search), newest first as the API lists them. */
  readonly conversations = rxResource<ConversationPage, string>({
    params: () => this.search().trim(),
    stream: ({ params: search }) => {
      this.more.set([]);
      return this.api.list(undefined, search || undefined);
    },
  });
  /** The pages loaded after the first by `loadMore`. */
  private readonly more = signal<readonly ConversationPage[]>([]);
  readonly loadingMore = signal(false);
  /** Why the last save failed; cleared by the next save. */
  readonly saveError = signal<unknown>(undefined);

  /** The listed conversations (every page loaded), or none while loading or after a failure. */
  list(): readonly ConversationSummary[] {
    if (!this.conversations.hasValue()) return [];
    return [this.conversations.value(), ...this.more()].flatMap((page) => page.conversations);
  }

  /** The cursor of the page after the last one loaded; undefined when all are listed. */
  nextCursor(): string | undefined {
    if (!this.conversations.hasValue()) return undefined;
    return (this.more().at(-1) ?? this.conversations.value()).nextCursor;
  }

  /** Appends the next page of the list. */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (cursor === undefined || this.loadingMore()) return;
    this.loadingMore.set(true);
    try {
      const search = this.search().trim();
      const page = await firstValueFrom(this.api.list(cursor, search || undefined));
      // A page of an earlier search does not join the list of a newer one.
      if (search === this.search().trim()) this.more.update((pages) => [...pages, page]);
    } finally {
      this.loadingMore.set(false);
    }
  }

  /**
   * Saves the exchanges worth keeping (see savedMessages); nothing when there are none.
   * `modelId` is the conversation's latest model; each answer also names its own. `settings`
   * (system prompt, parameters) are saved with it; without them it uses the model's defaults.
   */
  async save(
    conversationId: string,
    modelId: string,
    exchanges: readonly Exchange[],
    settings?: ConversationSettings,
  ): Promise<void> {
    const messages = savedMessages(exchanges);
    if (messages.length === 0) return;
    this.saveError.set(undefined);
    const body = { modelId, messages, ...(settings ? { settings } : {}) };
    try {
      await firstValueFrom(this.api.save(conversationId, body));
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
