/** Shapes of the history routes (`/history/conversations`, docs/api.md). */

/** One turn of a conversation. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** A conversation as listed (`GET /history/conversations`), without its messages. */
export interface ConversationSummary {
  readonly conversationId: string;
  readonly title: string;
  readonly modelId: string;
  readonly messageCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A saved message: an answer also names the model that gave it (absent in older saves). */
export interface SavedMessage extends ChatMessage {
  readonly modelId?: string;
}

/** A page of the list; `nextCursor` asks for the next one. */
export interface ConversationPage {
  readonly conversations: readonly ConversationSummary[];
  readonly nextCursor?: string;
}

/** A conversation's own system prompt and parameters, saved with it (absent: the model's defaults). */
export interface ConversationSettings {
  readonly system?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

/** A conversation as opened (`GET /history/conversations/{conversationId}`). */
export interface Conversation extends ConversationSummary {
  readonly messages: readonly SavedMessage[];
  /** Absent when the conversation uses the model's defaults (or was saved before settings). */
  readonly settings?: ConversationSettings;
}
