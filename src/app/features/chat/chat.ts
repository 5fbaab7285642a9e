import {
  afterRenderEffect,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Router } from '@angular/router';

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
import { formatTokens } from '../usage/usage-format';
import { formatAnswerCost } from './answer-cost';
import type { PendingAttachment } from './attachments/attachment-files';
import { AttachmentPicker } from './attachments/attachment-picker';
import { ChatAnswer } from './chat-answer';
import { type ChatModel, ChatSession } from './chat-session';
import { ChatSettingsPanel } from './chat-settings';
import { chatUrl } from './chat-url';
import { conversationUse, type Exchange } from './conversation';
import {
  conversationMarkdown,
  downloadText,
  exportedConversation,
  exportFileName,
} from './conversation-export';
import { isNewChatShortcut, NEW_CHAT_SHORTCUT } from './shortcuts';

/**
 * Chat with a Bedrock model: picker, per-conversation settings, multi-turn conversation,
 * streamed answers, Stop, Regenerate, Edit, export, and the keyboard: Enter sends, Shift+Enter
 * adds a line, Esc stops, Alt+Shift+N starts a new conversation.
 */
@Component({
  selector: 'app-chat',
  imports: [
    AttachmentPicker,
    ChatAnswer,
    ChatSettingsPanel,
    ErrorAlert,
    HistorySidebar,
    ModelSelect,
  ],
  providers: [ChatSession, ConversationHistory, ThrottleWait],
  host: {
    '(document:keydown.escape)': 'escape($event)',
    '(document:keydown)': 'shortcut($event)',
  },
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
    /* Files dragged over the composer: it is where they can be dropped. */
    .composer.dropping {
      outline: 2px dashed var(--color-focus);
      outline-offset: 4px;
    }
    /* Kept in view on wider screens only: on a phone a sticky composer covers the model picker. */
    @media (min-width: 40rem) {
      .composer {
        position: sticky;
        bottom: 0;
      }
    }
    /* Over the page's corner, so it is in reach wherever the user scrolled to. */
    .jump {
      position: fixed;
      right: 1rem;
      bottom: 1rem;
      z-index: 5;
      box-shadow: 0 2px 6px rgb(0 0 0 / 25%);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
    }
    .editing {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      margin: 0 0 0.5rem;
    }
    .conversation-tools {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
    }
    meter {
      width: 8rem;
    }
  `,
})
export class Chat {
  private readonly auth = inject(AuthSession);
  private readonly online = inject(OnlineStatus);
  private readonly session = inject(ChatSession);
  private readonly history = inject(ConversationHistory);
  private readonly throttle = inject(ThrottleWait);
  private readonly router = inject(Router);
  private readonly promptBox = viewChild.required<ElementRef<HTMLTextAreaElement>>('promptBox');
  private readonly picker = viewChild(AttachmentPicker);

  /** The conversation in the URL (`/chat/:conversation`), bound from the route. */
  readonly conversation = input<string>();

  protected readonly conversationId = this.session.conversationId;
  protected readonly exchanges = this.session.exchanges;
  protected readonly streaming = this.session.streaming;
  protected readonly editing = this.session.editing;
  protected readonly settings = this.session.settings;
  protected readonly historyError = this.history.saveError;
  protected readonly waitingForRetry = this.throttle.waiting;
  /** Why the conversation in the URL could not be opened. */
  protected readonly openError = signal<unknown>(undefined);

  protected readonly newShortcut = NEW_CHAT_SHORTCUT;
  /** `12,345`: no DecimalPipe, whose locale code would move into the initial bundle. */
  protected readonly formatNumber = formatTokens;
  protected readonly chatGroups = groupsWith('chat').join(
    $localize`:Joins group names in a list of alternatives@@list.or: or `,
  );
  protected readonly mayChat = computed(() => hasCapability(this.auth.groups(), 'chat'));
  protected readonly models = modelChoice('bedrock');
  protected readonly prompt = signal('');
  /** The files for the next message (the picker checks them against the model's rules). */
  protected readonly attachments = signal<readonly PendingAttachment[]>([]);
  /** The picked model's images and documents (its catalog `attachments`); undefined: text only. */
  protected readonly pickedRules = computed(() => this.models.selected()?.attachments);
  protected readonly formatCost = formatAnswerCost;
  protected readonly canSend = computed(
    () =>
      this.mayChat() &&
      this.online.online() &&
      !this.waitingForRetry() &&
      this.models.id() !== '' &&
      this.prompt().trim() !== '',
  );
  /** The page is gone (a send that ends later must not navigate back to it). */
  private left = false;
  /** True while the view keeps the newest answer in sight; scrolling up turns it off. */
  protected readonly following = signal(true);
  protected readonly offerJump = computed(() => !this.following() && this.exchanges().length > 0);
  /** The picked model's output limit, for the settings' answer length. */
  protected readonly maxOutputTokens = computed(() => this.pickedModelOf().maxOutputTokens);
  /** How much of the picked model's input limit the conversation fills, and its tokens so far. */
  protected readonly use = computed(() => {
    const turns = conversationUse(this.exchanges());
    // The system prompt is sent with every turn and counts into the limit too.
    const use = { ...turns, chars: turns.chars + this.settings().system.trim().length };
    const limit = this.pickedModelOf().maxInputChars;
    const percent = limit ? Math.min(100, Math.round((use.chars / limit) * 100)) : undefined;
    return { ...use, limit, percent };
  });
  protected readonly canExport = computed(() =>
    this.exchanges().some((exchange) => ['done', 'stopped'].includes(exchange.status())),
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.left = true));
    this.followScrolling();
    // The URL leads: a conversation's URL opens it (once the model labels are known).
    let shown: string | undefined;
    effect(() => {
      const id = this.conversation();
      if (!this.mayChat() || this.models.resource.isLoading()) return;
      if (id && id !== untracked(this.conversationId)) void untracked(() => this.openById(id));
      else if (!id && shown && !untracked(this.streaming)) untracked(() => this.session.startNew());
      shown = id;
    });
  }

  protected async send(event?: Event): Promise<void> {
    event?.preventDefault();
    if (!this.canSend() || this.streaming()) return;
    const attachments = this.attachments();
    // Files the model does not read are listed in place; the text and files wait.
    if (attachments.length > 0 && this.picker()?.check() === false) return;
    const prompt = this.prompt().trim();
    this.prompt.set('');
    this.attachments.set([]);
    await this.sent(
      this.session.send(this.pickedModel(), prompt, attachments),
      prompt,
      attachments,
    );
  }

  /** Enter sends; Shift+Enter (another binding's key) adds a line; an IME composing waits. */
  protected enter(event: Event): void {
    if ((event as KeyboardEvent).isComposing) return;
    void this.send(event);
  }

  /**
   * Esc: stops a streaming answer, else leaves editing a message. Not from another field
   * (a rename, the search, a setting), where Esc means that field's own cancel.
   */
  protected escape(event: Event): void {
    const target = event.target as HTMLElement | null;
    const otherField =
      target !== this.promptBox().nativeElement &&
      target?.matches('input, textarea, select, [contenteditable]');
    if (otherField || event.defaultPrevented) return;
    if (this.streaming()) this.stop();
    else if (this.editing()) this.cancelEdit();
  }

  /** Page-wide shortcuts: Alt+Shift+N starts a new conversation. */
  protected shortcut(event: KeyboardEvent): void {
    if (!isNewChatShortcut(event) || !this.mayChat()) return;
    event.preventDefault();
    this.newConversation();
  }

  /** Puts an earlier prompt in the composer; sending it replaces that turn and those after it. */
  protected edit(exchange: Exchange): void {
    if (this.streaming()) return;
    this.editing.set(exchange);
    this.prompt.set(exchange.prompt);
    // Files reopened from the history have no bytes to send again.
    this.attachments.set(
      exchange.attachments.filter(
        (attachment): attachment is PendingAttachment => attachment.data !== undefined,
      ),
    );
    this.promptBox().nativeElement.focus();
  }

  protected cancelEdit(): void {
    this.editing.set(undefined);
    this.prompt.set('');
    this.attachments.set([]);
    this.promptBox().nativeElement.focus();
  }

  /** A new answer to the newest prompt, from the model picked now. */
  protected async regenerate(exchange: Exchange): Promise<void> {
    if (this.streaming()) return;
    await this.sent(this.session.regenerate(exchange, this.pickedModel()), exchange.prompt);
  }

  /** Downloads the conversation as Markdown or JSON. */
  protected exportAs(format: 'md' | 'json'): void {
    const saved = this.history.list().find((item) => item.conversationId === this.conversationId());
    const title =
      saved?.title ??
      this.exchanges()[0]?.prompt.slice(0, 60) ??
      $localize`:File name of an exported conversation without a title@@chat.untitled:Conversation`;
    const conversation = exportedConversation(
      title,
      this.conversationId(),
      this.exchanges(),
      this.settings(),
    );
    if (format === 'md') {
      downloadText(
        exportFileName(title, 'md'),
        'text/markdown',
        conversationMarkdown(conversation),
      );
    } else {
      const json = JSON.stringify(conversation, null, 2);
      downloadText(exportFileName(title, 'json'), 'application/json', json);
    }
  }

  protected async retry(exchange: Exchange): Promise<void> {
    if (this.streaming()) return;
    const model = { ...this.modelFor(exchange.modelId), label: exchange.modelLabel };
    await this.sent(this.session.retry(exchange, model), exchange.prompt);
  }

  protected async openConversation(conversation: Conversation): Promise<void> {
    this.openError.set(undefined);
    this.leaveEdit();
    this.models.choose(conversation.modelId);
    this.session.open(conversation, (modelId) => this.labelOf(modelId));
    void this.router.navigate(chatUrl(conversation.conversationId));
    this.jumpToLatest();
  }

  protected newConversation(): void {
    this.startNew();
    this.promptBox().nativeElement.focus();
  }

  protected conversationDeleted(conversationId: string): void {
    // The history list keeps the focus; only the conversation shown changes.
    if (conversationId === this.conversationId()) this.startNew();
  }

  protected stop(): void {
    this.session.stop();
    this.promptBox().nativeElement.focus();
  }

  protected jumpToLatest(): void {
    this.following.set(true);
    scrollToEnd();
  }

  /** An edit in progress belongs to the conversation shown: its text goes with it. */
  private leaveEdit(): void {
    if (this.editing()) {
      this.prompt.set('');
      this.attachments.set([]);
    }
  }

  private startNew(): void {
    this.openError.set(undefined);
    this.leaveEdit();
    this.session.startNew();
    void this.router.navigate(chatUrl());
  }

  /** Follows a send: a failed send gives its text and files back; a saved conversation gets its URL. */
  private async sent(
    outcome: Promise<string>,
    prompt: string,
    attachments: readonly PendingAttachment[] = [],
  ): Promise<void> {
    const conversationId = this.conversationId();
    this.following.set(true);
    const result = await outcome;
    if (this.left) return;
    // Nothing the user typed meanwhile is overwritten.
    if (result === 'failed' && this.prompt() === '') this.prompt.set(prompt);
    if (result === 'failed' && this.attachments().length === 0) this.attachments.set(attachments);
    // Only a saved conversation gets a URL, so a reload finds it.
    const saved =
      this.history.saveError() === undefined &&
      this.exchanges().some((exchange) => ['done', 'stopped'].includes(exchange.status()));
    if (
      saved &&
      this.conversationId() === conversationId &&
      this.conversation() !== conversationId
    ) {
      void this.router.navigate(chatUrl(conversationId));
    }
  }

  private async openById(conversationId: string): Promise<void> {
    try {
      await this.openConversation(await this.history.open(conversationId));
    } catch (error) {
      this.openError.set(error);
    }
  }

  private pickedModel(): ChatModel {
    return this.modelFor(this.models.id());
  }

  private readonly pickedModelOf = computed(() => this.modelFor(this.models.id()));

  private modelFor(id: string): ChatModel {
    const model = this.models.list().find((candidate) => candidate.id === id);
    const limits = model?.limits;
    const bedrock = limits && 'maxInputChars' in limits ? limits : undefined;
    return {
      id,
      label: model?.label ?? id,
      maxInputChars: bedrock?.maxInputChars,
      maxOutputTokens: bedrock?.maxOutputTokens,
    };
  }

  private labelOf(modelId: string): string {
    return this.models.list().find((model) => model.id === modelId)?.label ?? modelId;
  }

  /** Keeps the newest answer in view while following; the user's scrolling decides. */
  private followScrolling(): void {
    const onScroll = () => this.following.set(nearEnd());
    window.addEventListener('scroll', onScroll, { passive: true });
    inject(DestroyRef).onDestroy(() => window.removeEventListener('scroll', onScroll));
    afterRenderEffect(() => {
      const latest = this.exchanges().at(-1);
      if (!latest) return;
      latest.answer();
      latest.status();
      if (untracked(this.following)) scrollToEnd();
    });
  }
}

/** How close to the end of the page still counts as "at the latest", in px. */
const NEAR_END_PX = 48;

function nearEnd(): boolean {
  const root = document.documentElement;
  return window.innerHeight + window.scrollY >= root.scrollHeight - NEAR_END_PX;
}

function scrollToEnd(): void {
  window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
}
