/** Shapes of the history routes: the contract's (amplify/contract/history.ts). */
export type {
  Conversation,
  ConversationPage,
  ConversationSettings,
  ConversationSummary,
  SavedMessage,
} from '../../../../amplify/contract/history';
