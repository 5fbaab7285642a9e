import {
  afterNextRender,
  Component,
  computed,
  DestroyRef,
  type ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  viewChild,
  viewChildren,
} from '@angular/core';

import { ConfirmAction } from '../../core/ui/confirm-action';
import { ErrorAlert } from '../../core/ui/error-alert';
import { FocusTarget, focusTargetById } from '../../core/ui/focus-target';
import { ConversationHistory } from './conversation-history';
import type { Conversation, ConversationSummary } from './history-types';

/** How long typing pauses before the search goes out, in ms. */
const SEARCH_DELAY_MS = 300;

/**
 * When to check again that an action's focus target has the focus, in ms: the list reloads
 * after each change, and on a slow connection the row it re-renders comes seconds later.
 */
const FOCUS_RECHECK_MS = [50, 200, 500, 1000, 2000, 4000];

/**
 * The user's past conversations, for the chat page: open, rename, delete, start a new one,
 * load more. The list is one Tab stop (arrow keys move through it); the open conversation
 * has Rename and Delete. On phones it is a drawer behind the heading's button. Emits `opened`
 * with the whole conversation and `started` for a fresh one.
 */
@Component({
  selector: 'app-history-sidebar',
  imports: [ConfirmAction, ErrorAlert, FocusTarget],
  templateUrl: './history-sidebar.html',
  styles: `
    h2 {
      margin: 0.5rem 0;
    }
    ul {
      list-style: none;
      padding: 0;
    }
    li {
      padding: 0.25rem 0;
      border-bottom: 1px solid var(--color-border);
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
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .search {
      margin-top: 0.75rem;
    }
    .search input {
      width: 100%;
    }
    .search .hint {
      margin: 0.25rem 0 0.5rem;
    }
    .drawer-toggle {
      font: inherit;
      width: 100%;
      text-align: left;
    }
    .drawer-toggle::after {
      content: ' ▸';
    }
    .drawer-toggle[aria-expanded='true']::after {
      content: ' ▾';
    }
    .wide-title {
      display: none;
    }
    .body:not(.open) {
      display: none;
    }
    /* Wider screens: a column of its own, always open. */
    @media (min-width: 40rem) {
      .drawer-toggle {
        display: none;
      }
      .wide-title {
        display: inline;
      }
      .body:not(.open) {
        display: block;
      }
    }
  `,
})
export class HistorySidebar {
  private readonly history = inject(ConversationHistory);
  private readonly injector = inject(Injector);
  private focusTimers: ReturnType<typeof setTimeout>[] = [];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.focusTimers.forEach(clearTimeout));
  }
  private readonly newButton = viewChild.required<ElementRef<HTMLButtonElement>>('newButton');
  /** Each conversation's open and rename buttons and its title field, which take the focus. */
  private readonly focusTargets = viewChildren(FocusTarget);

  /** The keys that start a new conversation, shown on its button (`aria-keyshortcuts`). */
  readonly newShortcut = input<string>();
  /** The conversation the chat shows, marked as current. */
  readonly activeId = input<string | undefined>(undefined);
  readonly opened = output<Conversation>();
  readonly started = output<void>();
  /** The id of a conversation just deleted (the chat clears it if it is open). */
  readonly deleted = output<string>();

  protected readonly conversations = this.history.conversations;
  /** The search the list shows (sent once typing pauses). */
  protected readonly search = this.history.search;
  private searchTimer?: ReturnType<typeof setTimeout>;
  protected readonly loadingMore = this.history.loadingMore;
  protected readonly renaming = signal<string | undefined>(undefined);
  protected readonly draftTitle = signal('');
  protected readonly actionError = signal<unknown>(undefined);
  /** Phones: whether the drawer is open. */
  protected readonly drawerOpen = signal(false);
  /** The list item focused last (arrow keys move from it). */
  protected readonly focused = signal<string | undefined>(undefined);
  /** The one item the Tab key reaches: the last focused, else the open one, else the first. */
  protected readonly rovingId = computed(() => {
    const ids = this.list().map((conversation) => conversation.conversationId);
    for (const candidate of [this.focused(), this.activeId()]) {
      if (candidate && ids.includes(candidate)) return candidate;
    }
    return ids[0];
  });

  protected newWithShortcut(shortcut: string): string {
    return $localize`:Tooltip of New conversation with its keyboard shortcut@@history.newShortcut:New conversation (${shortcut}:shortcut:)`;
  }

  protected renameLabel(title: string): string {
    return $localize`:Accessible name of Rename@@history.renameLabel:Rename ${title}:title:`;
  }

  protected list(): readonly ConversationSummary[] {
    return this.history.list();
  }

  protected nextCursor(): string | undefined {
    return this.history.nextCursor();
  }

  /** Searches once typing pauses; an emptied field lists every conversation at once. */
  protected typed(text: string): void {
    clearTimeout(this.searchTimer);
    if (text.trim() === '') this.search.set('');
    else this.searchTimer = setTimeout(() => this.search.set(text), SEARCH_DELAY_MS);
  }

  /** Esc in the search field: clears it and lists every conversation. */
  protected clearSearch(field: HTMLInputElement): void {
    if (field.value === '') return;
    field.value = '';
    this.typed('');
  }

  protected async loadMore(): Promise<void> {
    await this.run(() => this.history.loadMore());
  }

  protected async open(conversation: ConversationSummary): Promise<void> {
    await this.run(async () =>
      this.opened.emit(await this.history.open(conversation.conversationId)),
    );
  }

  /** Up/Down/Home/End move the focus through the list's conversations. */
  protected moveFocus(event: KeyboardEvent): void {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    const target = event.target as HTMLElement;
    if (!keys.includes(event.key) || !target.classList.contains('open')) return;
    const ids = this.list().map((conversation) => conversation.conversationId);
    const at = ids.indexOf(target.id.slice('open-'.length));
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? ids.length - 1
          : Math.min(ids.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)));
    event.preventDefault();
    focusTargetById(this.focusTargets(), `open-${ids[next]}`)?.focus();
  }

  protected startRename(conversation: ConversationSummary): void {
    this.draftTitle.set(conversation.title);
    this.renaming.set(conversation.conversationId);
    this.focusSoon(`rename-${conversation.conversationId}`);
  }

  protected cancelRename(conversationId: string): void {
    this.renaming.set(undefined);
    this.focusSoon(`rename-button-${conversationId}`);
  }

  protected async rename(event: Event, conversation: ConversationSummary): Promise<void> {
    event.preventDefault();
    const title = this.draftTitle().trim();
    if (!title) return;
    await this.run(async () => {
      await this.history.rename(conversation.conversationId, title);
      this.renaming.set(undefined);
      this.focusSoon(`open-${conversation.conversationId}`);
    });
  }

  protected async remove(conversation: ConversationSummary): Promise<void> {
    const ids = this.list().map((item) => item.conversationId);
    const at = ids.indexOf(conversation.conversationId);
    // The focus goes to the next conversation (else the one before, else "New conversation").
    const neighbour = ids[at + 1] ?? ids[at - 1];
    await this.run(async () => {
      await this.history.delete(conversation.conversationId);
      this.deleted.emit(conversation.conversationId);
      if (neighbour) this.focused.set(neighbour);
      this.focusSoon(neighbour ? `open-${neighbour}` : undefined);
    });
  }

  /**
   * Moves the focus to the element `id` once it is rendered (the New button when undefined).
   * The list reloads after each change; should that drop the focus to the page, it is put back.
   */
  private focusSoon(id: string | undefined): void {
    for (const timer of this.focusTimers) clearTimeout(timer);
    const fallback = () => this.newButton().nativeElement;
    const rendered = () => (id ? focusTargetById(this.focusTargets(), id) : undefined);
    const target = () => rendered() ?? fallback();
    afterNextRender(() => target().focus(), { injector: this.injector });
    // Put the focus back when the reload dropped it to the page, or when it went to the
    // fallback only because the target's row was not rendered yet.
    const recheck = () => {
      const active = document.activeElement;
      const lost = active === null || active === document.body;
      const early = active === fallback() && rendered() !== undefined;
      if (lost || early) target().focus();
    };
    this.focusTimers = FOCUS_RECHECK_MS.map((delay) => setTimeout(recheck, delay));
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
