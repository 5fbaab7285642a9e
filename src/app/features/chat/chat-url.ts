import type { UrlMatchResult, UrlSegment } from '@angular/router';

/**
 * Matches `/chat` and `/chat/:conversation` as ONE route, so moving between conversations (or
 * giving a new one its URL) keeps the chat page, and a stream it runs, alive.
 */
export function chatUrlMatcher(segments: UrlSegment[]): UrlMatchResult | null {
  if (segments[0]?.path !== 'chat' || segments.length > 2) return null;
  const conversation = segments[1];
  return { consumed: segments, posParams: conversation ? { conversation } : {} };
}

/** The URL of a conversation (`/chat` for a new one). */
export function chatUrl(conversationId?: string): string[] {
  return conversationId ? ['/chat', conversationId] : ['/chat'];
}
