import { TestBed } from '@angular/core/testing';

import { Theme } from './theme';
import { applyTheme, savedTheme, THEME_STORAGE_KEY } from './theme-storage';

describe('Theme', () => {
  afterEach(() => {
    localStorage.clear();
    applyTheme('system');
  });

  it('follows the system until a theme is chosen; unknown saved values count as none', () => {
    expect(savedTheme()).toBe('system');
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(savedTheme()).toBe('system');
  });

  it('pins the chosen theme on <html> and keeps it; System removes both', () => {
    const theme = TestBed.inject(Theme);
    theme.choose('dark');
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(savedTheme()).toBe('dark');
    theme.choose('system');
    expect(document.documentElement.dataset['theme']).toBeUndefined();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    theme.choose('sepia' as never);
    expect(theme.choice()).toBe('system');
  });
});
