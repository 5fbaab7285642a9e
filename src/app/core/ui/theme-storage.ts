/**
 * The saved theme and how it is applied, without Angular: the loader (src/main.ts) applies it
 * before the first paint, so a pinned theme shows from the first frame.
 */

/** The theme choices: follow the system's preference, or pin light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Where the choice is kept between visits (only this word, nothing about the user). */
export const THEME_STORAGE_KEY = 'ml-gateway.theme';

/** Every choice the switch offers. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The saved choice; `system` when none was saved or storage is unavailable. */
export function savedTheme(): ThemeChoice {
  try {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    return THEME_CHOICES.includes(saved as ThemeChoice) ? (saved as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Puts `choice` on `<html data-theme>`: styles.css pins `color-scheme` to it, and every colour
 * is a `light-dark()` pair, so the whole app follows. `system` removes the attribute.
 */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
}
