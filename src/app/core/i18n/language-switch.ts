import { Component } from '@angular/core';

import { APP_LOCALES, type AppLocale, localeBasePath } from '../../../../amplify/contract/locales';
import { addressInLocale, runningLocale, saveLocale } from './locale-choice';

/**
 * The footer's language links: each other build, named in its own language. Following one
 * keeps the page (`/chat` ⇄ `/de/chat`) and remembers the choice, which the loader honours on
 * the next visit and after sign-in.
 */
@Component({
  selector: 'app-language-switch',
  template: `
    <nav aria-label="Language" i18n-aria-label="Label of the footer's language links@@language.nav">
      <span i18n="Before the links to the app in other languages@@language.other">Also in:</span>
      @for (locale of others; track locale.id) {
        <a
          [href]="basePath(locale)"
          [attr.hreflang]="locale.id"
          [attr.lang]="locale.id"
          (click)="switchTo(locale, $event)"
          >{{ locale.label }}</a
        >
      }
    </nav>
  `,
  styles: `
    nav {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
})
export class LanguageSwitch {
  private readonly running = runningLocale();
  protected readonly others = APP_LOCALES.filter((locale) => locale.id !== this.running.id);
  protected readonly basePath = localeBasePath;

  /** Opens the same page in `locale`'s build (a full load: each build has its own bundle). */
  protected switchTo(locale: AppLocale, event: MouseEvent): void {
    // A modified click (new tab or window) follows the link itself, without saving a choice.
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    saveLocale(locale);
    location.assign(addressInLocale(location, this.running, locale));
  }
}
