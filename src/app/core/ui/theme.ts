import { Injectable, signal } from '@angular/core';

import {
  applyTheme,
  savedTheme,
  THEME_CHOICES,
  THEME_STORAGE_KEY,
  type ThemeChoice,
} from './theme-storage';

/** The theme the user chose, applied to the page and kept for the next visit. */
@Injectable({ providedIn: 'root' })
export class Theme {
  readonly choice = signal<ThemeChoice>(savedTheme());

  choose(choice: ThemeChoice): void {
    if (!THEME_CHOICES.includes(choice)) return;
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
