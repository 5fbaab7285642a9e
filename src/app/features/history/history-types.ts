/** Shapes of the history routes: the contract's (amplify/contract/history.ts). */
export type { Conversation, ConversationSummary } from '../../../../amplify/contract/history';
