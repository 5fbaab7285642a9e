import type { ChatMessage } from '../../core/api/api-types';
import { type Exchange, startExchange } from '../chat/conversation';

/**
 * The messages of a chat worth saving: each exchange that produced an answer (a stopped one
 * keeps its partial answer), as user/assistant pairs. Failed or empty exchanges are left out.
 */
export function savedMessages(exchanges: readonly Exchange[]): ChatMessage[] {
  return exchanges.flatMap((exchange) => {
    const answer = exchange.answer();
    const finished = exchange.status() === 'done' || exchange.status() === 'stopped';
    return finished && answer.trim() !== ''
      ? [
          { role: 'user' as const, content: exchange.prompt },
          { role: 'assistant' as const, content: answer },
        ]
      : [];
  });
}

/** Rebuilds the chat's exchanges from saved messages (user/assistant pairs). */
export function restoreExchanges(messages: readonly ChatMessage[], modelLabel: string): Exchange[] {
  const exchanges: Exchange[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      exchanges.push(startExchange(message.content, modelLabel));
      continue;
    }
    const last = exchanges.at(-1);
    if (!last) continue;
    last.answer.update((text) => text + message.content);
  }
  // Saved turns are finished; one without an answer was stopped before any token.
  for (const exchange of exchanges) exchange.status.set(exchange.answer() ? 'done' : 'stopped');
  return exchanges;
}
