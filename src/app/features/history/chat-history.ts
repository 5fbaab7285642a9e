import { attachmentSummary } from '../chat/attachments/attachment-files';
import { type Exchange, startExchange } from '../chat/conversation';
import type { SavedMessage } from './history-types';

/**
 * The messages of a chat worth saving: each finished or stopped exchange (a stopped one keeps
 * its partial answer, possibly none: the page was left before the first token), as
 * user/assistant pairs; each answer names its model. Failed exchanges are left out.
 */
export function savedMessages(exchanges: readonly Exchange[]): SavedMessage[] {
  const kept = (exchange: Exchange) =>
    exchange.status() === 'stopped' ||
    (exchange.status() === 'done' && exchange.answer().trim() !== '');
  return exchanges.filter(kept).flatMap((exchange) => {
    const cost = exchange.costNanoUsd();
    return [
      {
        role: 'user' as const,
        content: exchange.prompt,
        // What was attached, never the bytes (docs/api.md, history).
        ...(exchange.attachments.length > 0
          ? { attachments: exchange.attachments.map(attachmentSummary) }
          : {}),
      },
      {
        role: 'assistant' as const,
        content: exchange.answer(),
        ...(exchange.modelId ? { modelId: exchange.modelId } : {}),
        ...(cost !== undefined ? { costNanoUsd: cost } : {}),
      },
    ];
  });
}

/**
 * Rebuilds the chat's exchanges from saved messages (user/assistant pairs). Each answer is
 * credited to the model it names, else to the conversation's `fallbackModelId`; `labelOf`
 * turns a model id into its label.
 */
export function restoreExchanges(
  messages: readonly SavedMessage[],
  fallbackModelId: string,
  labelOf: (modelId: string) => string = (modelId) => modelId,
): Exchange[] {
  const exchanges: Exchange[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== 'user') continue;
    const reply = messages[index + 1]?.role === 'assistant' ? messages[index + 1] : undefined;
    const modelId = reply?.modelId ?? fallbackModelId;
    const exchange = startExchange(
      message.content,
      labelOf(modelId),
      modelId,
      message.attachments ?? [],
    );
    exchange.answer.set(reply?.content ?? '');
    exchange.costNanoUsd.set(reply?.costNanoUsd);
    // Saved turns are finished; one without an answer was stopped before any token.
    exchange.status.set(exchange.answer() ? 'done' : 'stopped');
    exchanges.push(exchange);
  }
  return exchanges;
}
