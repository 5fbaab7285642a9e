import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable } from 'rxjs';

import type { Envelope } from '../../core/api/api-types';
import { AppConfig } from '../../core/config/app-config';
import type {
  Conversation,
  ConversationPage,
  ConversationSettings,
  ConversationSummary,
  SavedMessage,
} from './history-types';

/** Client of the conversation-history routes; the gateway only ever serves the caller's own. */
@Injectable({ providedIn: 'root' })
export class HistoryApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(AppConfig);

  /**
   * One page of the list, newest first; `cursor` (a page's `nextCursor`) asks for the next;
   * `search` keeps the conversations whose title or messages contain it.
   */
  list(cursor?: string, search?: string): Observable<ConversationPage> {
    const params = { ...(cursor ? { cursor } : {}), ...(search ? { q: search } : {}) };
    return this.http
      .get<Envelope<ConversationPage>>(this.url(), { params })
      .pipe(map((envelope) => envelope.data));
  }

  open(conversationId: string): Observable<Conversation> {
    return this.http
      .get<Envelope<Conversation>>(this.url(conversationId))
      .pipe(map((envelope) => envelope.data));
  }

  /** Creates or replaces a conversation; without a title the first prompt names it. */
  save(
    conversationId: string,
    body: {
      modelId: string;
      messages: readonly SavedMessage[];
      title?: string;
      settings?: ConversationSettings;
    },
  ): Observable<ConversationSummary> {
    return this.http
      .put<Envelope<ConversationSummary>>(this.url(conversationId), body)
      .pipe(map((envelope) => envelope.data));
  }

  rename(conversationId: string, title: string): Observable<ConversationSummary> {
    return this.http
      .patch<Envelope<ConversationSummary>>(this.url(conversationId), { title })
      .pipe(map((envelope) => envelope.data));
  }

  delete(conversationId: string): Observable<void> {
    return this.http.delete(this.url(conversationId)).pipe(map(() => undefined));
  }

  private url(conversationId?: string): string {
    const base = `${this.config.gateway().apiUrl}/history/conversations`;
    return conversationId ? `${base}/${encodeURIComponent(conversationId)}` : base;
  }
}

/** A new conversation id (the history routes accept 8-64 letters, digits, - or _). */
export function newConversationId(): string {
  return crypto.randomUUID();
}
