import { Injectable, signal } from '@angular/core';

/** The theme choices: follow the system's preference, or pin light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Where the choice is kept between visits (only this word, nothing about the user). */
export const THEME_STORAGE_KEY = 'ml-gateway.theme';

const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The saved choice; `system` when none was saved or storage is unavailable. */
export function savedTheme(): ThemeChoice {
  try {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    return CHOICES.includes(saved as ThemeChoice) ? (saved as ThemeChoice) : 'system';
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

/** The theme the user chose, applied to the page and kept for the next visit. */
@Injectable({ providedIn: 'root' })
export class Theme {
  readonly choice = signal<ThemeChoice>(savedTheme());

  choose(choice: ThemeChoice): void {
    if (!CHOICES.includes(choice)) return;
    this.choice.set(choice);
    applyTheme(choice);
    try {
      if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  }
}
