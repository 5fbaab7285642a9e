import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { StreamEvent } from '../../core/api/api-types';
import { MlApi } from '../../core/api/ml-api';
import { ApiError } from '../../core/http/api-error';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { restoreExchanges } from '../history/chat-history';
import { ConversationHistory } from '../history/conversation-history';
import { newConversationId } from '../history/history-api';
import type { Conversation } from '../history/history-types';
import { type Exchange, conversationMessages, startExchange } from './conversation';

/** The model a turn goes to: its id for the API, its label for the transcript. */
export interface ChatModel {
  readonly id: string;
  readonly label: string;
}

/**
 * One chat page's conversation: sends a turn, streams the answer into its exchange, saves the
 * finished conversation to the history, stops on request. Provided by the chat page (with
 * ConversationHistory and ThrottleWait); a stream still running is aborted when the page goes.
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

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort?.abort());
  }

  /** Sends `prompt` with the conversation so far, streams the answer, then saves. */
  async send(model: ChatModel, prompt: string): Promise<void> {
    if (this.streaming()) return;
    const messages = conversationMessages(this.exchanges(), prompt);
    const exchange = startExchange(prompt, model.label);
    this.exchanges.update((list) => [...list, exchange]);
    this.streaming.set(true);
    const abort = new AbortController();
    this.abort = abort;
    try {
      await this.stream(
        exchange,
        this.api.streamBedrock({ modelId: model.id, messages }, abort.signal),
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
      this.streaming.set(false);
    }
    await this.history.save(this.conversationId(), model.id, this.exchanges());
  }

  /** Stops the answer being streamed; the partial answer stays. */
  stop(): void {
    this.abort?.abort();
  }

  /** Shows a saved conversation (whose model is labelled `modelLabel`). */
  open(conversation: Conversation, modelLabel: string): void {
    this.abort?.abort();
    this.conversationId.set(conversation.conversationId);
    this.exchanges.set(restoreExchanges(conversation.messages, modelLabel));
  }

  /** Starts an empty conversation under a new id. */
  startNew(): void {
    this.abort?.abort();
    this.conversationId.set(newConversationId());
    this.exchanges.set([]);
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
        exchange.latencyMs.set(event.latencyMs);
        exchange.status.set('done');
      } else {
        const { code, message } = event.error;
        exchange.error.set(new ApiError(200, code as ApiError['code'], message));
        exchange.status.set('failed');
      }
    }
    // A stream that ends without `done` or `error` was cut off.
    if (exchange.status() === 'streaming') {
      exchange.error.set(new ApiError(0, 'NETWORK_ERROR', 'The answer stream ended early.'));
      exchange.status.set('failed');
    }
  }
}
