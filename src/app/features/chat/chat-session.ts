import { DestroyRef, inject, Injectable, signal } from '@angular/core';

import type { BedrockRequest, ChatMessage, StreamEvent } from '../../core/api/api-types';
import { MlApi } from '../../core/api/ml-api';
import { ApiCallError } from '../../core/http/api-call-error';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { restoreExchanges } from '../history/chat-history';
import { ConversationHistory } from '../history/conversation-history';
import { newConversationId } from '../history/history-api';
import type { Conversation, ConversationSettings } from '../history/history-types';
import type { PendingAttachment } from './attachments/attachment-files';
import { type Exchange, fitConversation, startExchange } from './conversation';

/** The model a turn goes to: its id for the API, its label for the transcript. */
export interface ChatModel {
  readonly id: string;
  readonly label: string;
  /** The model's input limit in characters (`limits.maxInputChars`), when the catalog gives one. */
  readonly maxInputChars?: number;
  /** The model's output limit in tokens (`limits.maxOutputTokens`), when the catalog gives one. */
  readonly maxOutputTokens?: number;
}

/** A conversation's own instructions and sampling parameters; unset ones keep the model's defaults. */
export interface ChatSettings {
  /** The system prompt; empty for none. */
  readonly system: string;
  /** 0 (focused) to 1 (varied). */
  readonly temperature?: number;
  /** Most tokens an answer may have; at most the model's output limit. */
  readonly maxTokens?: number;
}

/** A new conversation's settings: the model's defaults. */
const DEFAULT_CHAT_SETTINGS: ChatSettings = { system: '' };

/** How a send ended. */
export type SendOutcome = 'done' | 'stopped' | 'failed';

/**
 * One chat page's conversation: sends a turn, streams the answer into its exchange, saves the
 * finished conversation to the history, stops on request. Provided by the chat page (with
 * ConversationHistory and ThrottleWait). When the page goes, a stream still running is stopped
 * and what it answered so far is saved.
 */
@Injectable()
export class ChatSession {
  private readonly api = inject(MlApi);
  private readonly history = inject(ConversationHistory);
  private readonly throttle = inject(ThrottleWait);
  private abort?: AbortController;

  /** The saved conversation this chat is (the history routes key it by the caller's sub). */
  readonly conversationId = signal(newConversationId());
  readonly exchanges = signal<readonly Exchange[]>([]);
  readonly streaming = signal(false);
  /** This conversation's system prompt and parameters, sent with each turn. */
  readonly settings = signal<ChatSettings>(DEFAULT_CHAT_SETTINGS);
  /** The exchange whose prompt is being edited: the next send replaces it and what follows. */
  readonly editing = signal<Exchange | undefined>(undefined);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  /**
   * Sends `prompt` with the conversation so far (the oldest turns left out when all of it
   * would pass the model's input limit), streams the answer, then saves. `attachments` go
   * with this prompt only: later turns resend the text of the conversation, not its files.
   */
  async send(
    model: ChatModel,
    prompt: string,
    attachments: Exchange['attachments'] = [],
  ): Promise<SendOutcome> {
    if (this.streaming()) return 'failed';
    const edited = this.editing();
    if (edited) {
      this.editing.set(undefined);
      this.dropFrom(edited);
    }
    const conversationId = this.conversationId();
    // Saved with the turn as sent, even if the user changes them while it streams.
    const sentSettings = this.settings();
    const settings = requestSettings(sentSettings, model);
    // The gateway counts the system prompt into the model's input limit.
    const system = settings.system?.length ?? 0;
    const limit = (model.maxInputChars ?? Number.POSITIVE_INFINITY) - system;
    const earlier = this.exchanges();
    const fitted = fitConversation(earlier, prompt, limit);
    const exchange = startExchange(prompt, model.label, model.id, attachments);
    this.exchanges.update((list) => [...list, exchange]);
    if (!fitted) {
      exchange.error.set(
        new ApiCallError(
          413,
          'PAYLOAD_TOO_LARGE',
          system
            ? $localize`:A message too long for the model, with a system prompt@@chat.tooLongWithSystem:Your message is ${prompt.length}:length: characters; ${model.label}:model: accepts ${limit}:limit: besides this conversation's system prompt (${system}:system:). Shorten it or split it into parts; it was not sent`
            : $localize`:A message too long for the model@@chat.tooLong:Your message is ${prompt.length}:length: characters; ${model.label}:model: accepts ${limit}:limit:. Shorten it or split it into parts; it was not sent`,
        ),
      );
      exchange.status.set('failed');
      return 'failed';
    }
    exchange.leftOut.set(fitted.leftOut);
    this.streaming.set(true);
    const abort = new AbortController();
    this.abort = abort;
    try {
      await this.stream(
        exchange,
        this.api.streamBedrock(
          {
            modelId: model.id,
            messages: withAttachments(fitted.messages, attachments),
            ...settings,
          },
          abort.signal,
        ),
      );
    } catch (error) {
      if (abort.signal.aborted) {
        exchange.status.set('stopped');
      } else {
        exchange.error.set(error);
        exchange.status.set('failed');
        this.throttle.holdFor(error);
      }
    } finally {
      if (this.abort === abort) this.abort = undefined;
      this.streaming.set(false);
    }
    // Saved under the id the turn was sent in, even if the user has moved on since.
    const turns =
      this.conversationId() === conversationId ? this.exchanges() : [...earlier, exchange];
    await this.history.save(conversationId, model.id, turns, savedSettings(sentSettings));
    const status = exchange.status();
    return status === 'streaming' ? 'failed' : status === 'done' ? 'done' : status;
  }

  /** Sends a failed exchange's prompt again to its model, in place of the failed one. */
  async retry(failed: Exchange, model: ChatModel): Promise<SendOutcome> {
    if (this.streaming()) return 'failed';
    this.exchanges.update((list) => list.filter((exchange) => exchange !== failed));
    return this.send(model, failed.prompt, failed.attachments);
  }

  /** Asks `exchange`'s prompt again (of `model`), in place of it and every exchange after it. */
  async regenerate(exchange: Exchange, model: ChatModel): Promise<SendOutcome> {
    if (this.streaming()) return 'failed';
    this.editing.set(undefined);
    this.dropFrom(exchange);
    return this.send(model, exchange.prompt, exchange.attachments);
  }

  /** Stops the answer being streamed; the partial answer stays. */
  stop(): void {
    this.abort?.abort();
  }

  /** Shows a saved conversation; `labelOf` names each turn's model. */
  open(conversation: Conversation, labelOf: (modelId: string) => string): void {
    this.abort?.abort();
    this.conversationId.set(conversation.conversationId);
    this.exchanges.set(restoreExchanges(conversation.messages, conversation.modelId, labelOf));
    this.editing.set(undefined);
    this.settings.set(restoredSettings(conversation.settings));
  }

  /** Starts an empty conversation under a new id. */
  startNew(): void {
    this.abort?.abort();
    this.conversationId.set(newConversationId());
    this.exchanges.set([]);
    this.editing.set(undefined);
    this.settings.set(DEFAULT_CHAT_SETTINGS);
  }

  /** Removes `exchange` and every exchange after it. */
  private dropFrom(exchange: Exchange): void {
    this.exchanges.update((list) => {
      const at = list.indexOf(exchange);
      return at < 0 ? list : list.slice(0, at);
    });
  }

  private async stream(exchange: Exchange, events: AsyncIterable<StreamEvent>): Promise<void> {
    const started = performance.now();
    for await (const event of events) {
      if (event.type === 'delta') {
        if (exchange.firstTokenMs() === undefined) {
          exchange.firstTokenMs.set(Math.round(performance.now() - started));
        }
        exchange.answer.update((text) => text + event.text);
      } else if (event.type === 'done') {
        exchange.usage.set(event.usage);
        exchange.stopReason.set(event.stopReason);
        exchange.latencyMs.set(event.latencyMs);
        exchange.maskedValues.set(event.maskedValues);
        exchange.costNanoUsd.set(event.costNanoUsd);
        exchange.status.set('done');
      } else {
        const { code, message } = event.error;
        exchange.error.set(new ApiCallError(200, code as ApiCallError['code'], message));
        exchange.status.set('failed');
      }
    }
    // A stream that ends without `done` or `error` was cut off.
    if (exchange.status() === 'streaming') {
      exchange.error.set(
        new ApiCallError(
          0,
          'NETWORK_ERROR',
          $localize`:The stream broke off@@chat.streamEnded:The answer stream ended early.`,
        ),
      );
      exchange.status.set('failed');
    }
  }
}

/**
 * The messages with the files on the last (the new prompt). Files known only by name (a
 * conversation reopened from the history) have no bytes to send and are left out.
 */
function withAttachments(
  messages: readonly ChatMessage[],
  attachments: Exchange['attachments'],
): BedrockRequest['messages'] {
  const sendable = attachments.filter(
    (attachment): attachment is PendingAttachment => attachment.data !== undefined,
  );
  if (sendable.length === 0) return messages;
  const last = messages.at(-1)!;
  return [
    ...messages.slice(0, -1),
    {
      ...last,
      attachments: sendable.map(({ kind, format, name, data }) => ({
        kind,
        format,
        name,
        data,
      })),
    },
  ];
}

/** The request fields of `settings`: only those set, `maxTokens` capped at the model's limit. */
export function requestSettings(
  settings: ChatSettings,
  model: ChatModel,
): { system?: string; parameters?: { temperature?: number; maxTokens?: number } } {
  const system = settings.system.trim();
  const maxTokens =
    settings.maxTokens === undefined
      ? undefined
      : Math.min(settings.maxTokens, model.maxOutputTokens ?? settings.maxTokens);
  const parameters = {
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
  };
  return {
    ...(system ? { system } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
  };
}

/** The settings as the history saves them: only those set; undefined for the model's defaults. */
export function savedSettings(settings: ChatSettings): ConversationSettings | undefined {
  const system = settings.system.trim();
  const saved = {
    ...(system ? { system } : {}),
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
  };
  return Object.keys(saved).length > 0 ? saved : undefined;
}

/** A saved conversation's settings for the chat (the model's defaults where none were saved). */
export function restoredSettings(saved: ConversationSettings | undefined): ChatSettings {
  return {
    system: saved?.system ?? '',
    ...(saved?.temperature === undefined ? {} : { temperature: saved.temperature }),
    ...(saved?.maxTokens === undefined ? {} : { maxTokens: saved.maxTokens }),
  };
}
