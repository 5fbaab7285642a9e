/** The new-conversation shortcut as the chat page shows it (and `aria-keyshortcuts` names it). */
export const NEW_CHAT_SHORTCUT = 'Alt+Shift+N';

/**
 * True for Alt+Shift+N. Matched on the physical key (`code`): on macOS, Option+Shift+N types
 * a character, so `key` is not "N" there.
 */
export function isNewChatShortcut(event: KeyboardEvent): boolean {
  return (
    event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN'
  );
}
