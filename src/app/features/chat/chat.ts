import { Component, type ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { modelChoice } from '../../core/api/model-choice';
import { AuthSession } from '../../core/auth/auth-session';
import { groupsWith, hasCapability } from '../../core/auth/permissions';
import { OnlineStatus } from '../../core/http/online-status';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { ErrorAlert } from '../../core/ui/error-alert';
import { ModelSelect } from '../../core/ui/model-select';
import { ConversationHistory } from '../history/conversation-history';
import { HistorySidebar } from '../history/history-sidebar';
import type { Conversation } from '../history/history-types';
import { ChatAnswer } from './chat-answer';
import { ChatSession } from './chat-session';

/** Chat with a Bedrock model: picker, multi-turn conversation, streamed answers, Stop. */
@Component({
  selector: 'app-chat',
  imports: [ChatAnswer, ErrorAlert, HistorySidebar, ModelSelect],
  providers: [ChatSession, ConversationHistory, ThrottleWait],
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
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly session = inject(ChatSession);
  private readonly history = inject(ConversationHistory);
  private readonly throttle = inject(ThrottleWait);
  private readonly promptBox = viewChild.required<ElementRef<HTMLTextAreaElement>>('promptBox');

  protected readonly conversationId = this.session.conversationId;
  protected readonly exchanges = this.session.exchanges;
  protected readonly streaming = this.session.streaming;
  protected readonly historyError = this.history.saveError;
  protected readonly waitingForRetry = this.throttle.waiting;

  protected readonly chatGroups = groupsWith('chat').join(' or ');
  protected readonly mayChat = computed(() => hasCapability(this.auth.groups(), 'chat'));
  protected readonly models = modelChoice('bedrock');
  protected readonly prompt = signal('');
  protected readonly canSend = computed(
    () =>
      this.mayChat() &&
      this.online.online() &&
      !this.waitingForRetry() &&
      this.models.id() !== '' &&
      this.prompt().trim() !== '',
  );

  protected async send(event?: Event): Promise<void> {
    event?.preventDefault();
    if (!this.canSend() || this.streaming()) return;
    const prompt = this.prompt().trim();
    const model = {
      id: this.models.id(),
      label: this.models.selected()?.label ?? this.models.id(),
    };
    this.prompt.set('');
    await this.session.send(model, prompt);
  }

  protected openConversation(conversation: Conversation): void {
    const label =
      this.models.list().find((model) => model.id === conversation.modelId)?.label ??
      conversation.modelId;
    this.models.choose(conversation.modelId);
    this.session.open(conversation, label);
  }

  protected newConversation(): void {
    this.session.startNew();
    this.promptBox().nativeElement.focus();
  }

  protected conversationDeleted(conversationId: string): void {
    if (conversationId === this.conversationId()) this.newConversation();
  }

  protected stop(): void {
    this.session.stop();
    this.promptBox().nativeElement.focus();
  }
}
