import {
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MlApi } from '../../core/api/ml-api';
import { modelChoice } from '../../core/api/model-choice';
import { AuthSession } from '../../core/auth/auth-session';
import { groupsWith, hasCapability } from '../../core/auth/permissions';
import { ApiError } from '../../core/http/api-error';
import { OnlineStatus } from '../../core/http/online-status';
import { ErrorAlert } from '../../core/ui/error-alert';
import { ModelSelect } from '../../core/ui/model-select';
import { restoreExchanges, savedMessages } from '../history/chat-history';
import { HistoryApi, newConversationId } from '../history/history-api';
import { HistorySidebar } from '../history/history-sidebar';
import type { Conversation } from '../history/history-types';
import { ChatAnswer } from './chat-answer';
import { type Exchange, conversationMessages, startExchange } from './conversation';

/** Chat with a Bedrock model: picker, multi-turn conversation, streamed answers, Stop. */
@Component({
  selector: 'app-chat',
  imports: [ChatAnswer, ErrorAlert, HistorySidebar, ModelSelect],
  templateUrl: './chat.html',
  styles: `
    /* Phones: one column, the history list above the conversation. */
    .chat-layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem 2rem;
    }
    /* Wider screens: history in its own column beside the conversation, never over it. */
    @media (min-width: 40rem) {
      .chat-layout.with-history {
        grid-template-columns: minmax(12rem, 18rem) minmax(0, 1fr);
      }
      .history-sidebar {
        position: sticky;
        top: 0;
        max-height: 100vh;
        overflow-y: auto;
      }
    }
    .history-sidebar {
      display: block;
      align-self: start;
    }
    .chat-main {
      min-width: 0;
    }
    .composer {
      background: var(--color-background);
      padding: 0.5rem 0;
    }
    /* Kept in view on wider screens only: on a phone a sticky composer covers the model picker. */
    @media (min-width: 40rem) {
      .composer {
        position: sticky;
        bottom: 0;
      }
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      align-items: center;
    }
  `,
})
export class Chat {
  private readonly api = inject(MlApi);
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly historyApi = inject(HistoryApi);
  private readonly sidebar = viewChild(HistorySidebar);
  private abort?: AbortController;

  /** The saved conversation this chat is (the history routes key it by the caller's sub). */
  protected readonly conversationId = signal(newConversationId());
  protected readonly historyError = signal<unknown>(undefined);

  protected readonly chatGroups = groupsWith('chat').join(' or ');
  protected readonly mayChat = computed(() => hasCapability(this.auth.groups(), 'chat'));
  protected readonly models = modelChoice('bedrock');
  protected readonly prompt = signal('');
  protected readonly exchanges = signal<readonly Exchange[]>([]);
  protected readonly streaming = signal(false);
  protected readonly waitingForRetry = signal(false);
  protected readonly canSend = computed(
    () =>
      this.mayChat() &&
      this.online.online() &&
      !this.waitingForRetry() &&
      this.models.id() !== '' &&
      this.prompt().trim() !== '',
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  protected async send(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canSend() || this.streaming()) return;
    const prompt = this.prompt().trim();
    const model = this.models.selected();
    const messages = conversationMessages(this.exchanges(), prompt);
    const exchange = startExchange(prompt, model?.label ?? this.models.id());
    this.exchanges.update((list) => [...list, exchange]);
    this.prompt.set('');
    this.streaming.set(true);
    this.abort = new AbortController();
    const started = performance.now();
    try {
      const events = this.api.streamBedrock(
        { modelId: this.models.id(), messages },
        this.abort.signal,
      );
      for await (const streamEvent of events) {
        if (streamEvent.type === 'delta') {
          if (exchange.firstTokenMs() === undefined) {
            exchange.firstTokenMs.set(Math.round(performance.now() - started));
          }
          exchange.answer.update((text) => text + streamEvent.text);
        } else if (streamEvent.type === 'done') {
          exchange.usage.set(streamEvent.usage);
          exchange.latencyMs.set(streamEvent.latencyMs);
          exchange.status.set('done');
        } else {
          const { code, message } = streamEvent.error;
          exchange.error.set(new ApiError(200, code as ApiError['code'], message));
          exchange.status.set('failed');
        }
      }
      // A stream that ends without `done` or `error` was cut off.
      if (exchange.status() === 'streaming') {
        exchange.error.set(new ApiError(0, 'NETWORK_ERROR', 'The answer stream ended early.'));
        exchange.status.set('failed');
      }
    } catch (error) {
      if (this.abort.signal.aborted) {
        exchange.status.set('stopped');
      } else {
        exchange.error.set(error);
        exchange.status.set('failed');
        if (error instanceof ApiError && error.details.retryAfterSeconds) {
          this.waitingForRetry.set(true);
          setTimeout(() => this.waitingForRetry.set(false), error.details.retryAfterSeconds * 1000);
        }
      }
    } finally {
      this.streaming.set(false);
    }
    await this.saveConversation();
  }

  /** Saves the finished exchanges to the user's history and refreshes the sidebar. */
  private async saveConversation(): Promise<void> {
    const messages = savedMessages(this.exchanges());
    if (messages.length === 0) return;
    this.historyError.set(undefined);
    try {
      await firstValueFrom(
        this.historyApi.save(this.conversationId(), { modelId: this.models.id(), messages }),
      );
      this.sidebar()?.reload();
    } catch (error) {
      this.historyError.set(error);
    }
  }

  protected openConversation(conversation: Conversation): void {
    this.abort?.abort();
    const label =
      this.models.list().find((model) => model.id === conversation.modelId)?.label ??
      conversation.modelId;
    this.models.choose(conversation.modelId);
    this.conversationId.set(conversation.conversationId);
    this.exchanges.set(restoreExchanges(conversation.messages, label));
  }

  protected newConversation(): void {
    this.abort?.abort();
    this.conversationId.set(newConversationId());
    this.exchanges.set([]);
    document.getElementById('prompt')?.focus();
  }

  protected conversationDeleted(conversationId: string): void {
    if (conversationId === this.conversationId()) this.newConversation();
  }

  protected sendOnCtrlEnter(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void this.send(event);
  }

  protected stop(): void {
    this.abort?.abort();
    document.getElementById('prompt')?.focus();
  }
}
