import { Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { AuthSession } from './core/auth/auth-session';
import { hasCapability } from './core/auth/permissions';
import { AppConfig } from './core/config/app-config';
import { OnlineStatus } from './core/http/online-status';
import { LanguageSwitch } from './core/i18n/language-switch';
import { ThemeSwitch } from './core/ui/theme-switch';
import { Setup } from './features/setup/setup';

/** The application shell: header with role-aware navigation, offline notice, routed page. */
@Component({
  selector: 'app-root',
  imports: [LanguageSwitch, RouterOutlet, RouterLink, RouterLinkActive, Setup, ThemeSwitch],
  templateUrl: './app.html',
  styles: `
    .skip-link {
      position: absolute;
      left: -999px;
    }
    .skip-link:focus {
      left: 0.5rem;
      top: 0.5rem;
      background: var(--color-surface);
      color: var(--color-primary);
      padding: 0.5rem;
      z-index: 10;
    }
    .app-header {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      align-items: center;
      padding: 0.75rem 1rem;
      background: var(--color-header);
      color: var(--color-on-header);
    }
    .brand {
      font-weight: 600;
      font-size: 1.125rem;
    }
    nav {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }
    /* The page's blue ring would be 1.5:1 on the blue header; white is over 3:1 (WCAG 2.4.7/1.4.11). */
    .app-header :focus-visible {
      outline-color: var(--color-on-header);
    }
    nav a {
      color: var(--color-on-header);
      padding: 0.25rem 0;
    }
    nav a.active {
      font-weight: 600;
      text-decoration-thickness: 3px;
    }
    .account {
      margin-left: auto;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .groups {
      opacity: 0.9;
    }
    .account button {
      background: var(--color-on-header);
      color: var(--color-header);
    }
    .offline {
      margin: 0;
      padding: 0.5rem 1rem;
      background: var(--color-notice);
      color: var(--color-on-notice);
    }
    main {
      padding: 1rem;
      max-width: 72rem;
      margin: 0 auto;
    }
    main:focus {
      outline: none;
    }
    .app-footer {
      max-width: 72rem;
      margin: 0 auto;
      padding: 1rem;
      border-top: 1px solid var(--color-rule);
      color: var(--color-muted);
    }
  `,
})
export class App {
  protected readonly config = inject(AppConfig);
  protected readonly online = inject(OnlineStatus);
  private readonly auth = inject(AuthSession);
  private readonly router = inject(Router);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly user = this.auth.user;
  protected readonly isAdmin = computed(() => hasCapability(this.auth.groups(), 'administer'));
  /** The Keys page is for those who may run models (the key routes' groups). */
  protected readonly mayManageKeys = computed(() =>
    hasCapability(this.auth.groups(), 'manageKeys'),
  );
  protected readonly signingOut = signal(false);
  protected readonly noGroup = $localize`:Shown in the header instead of the user's groups@@shell.noGroup:no group`;

  /**
   * Moves the focus to the page content. A plain `#main` link would resolve against
   * `<base href="/">` and route to Home.
   */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.auth.signOut();
      await this.router.navigate(['/sign-in']);
    } finally {
      this.signingOut.set(false);
    }
  }
}
