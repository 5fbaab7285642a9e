import { Component, inject } from '@angular/core';

import { Theme } from './theme';
import type { ThemeChoice } from './theme-storage';

/** The header's theme picker: System (the default), Light or Dark; the choice is remembered. */
@Component({
  selector: 'app-theme-switch',
  template: `
    <label for="theme-choice" i18n="Label of the colour theme picker@@theme.label">Theme</label>
    <select id="theme-choice" (change)="theme.choose($any($event.target).value)">
      <!-- [selected] per option: a [value] on the select is lost when set before its options. -->
      @for (option of options; track option.value) {
        <option [value]="option.value" [selected]="option.value === theme.choice()">
          {{ option.label }}
        </option>
      }
    </select>
  `,
  styles: `
    :host {
      display: inline-flex;
      gap: 0.5rem;
      align-items: center;
    }
    label {
      display: inline;
      margin: 0;
      font-weight: normal;
    }
    select {
      padding: 0.25rem 0.5rem;
    }
  `,
})
export class ThemeSwitch {
  protected readonly theme = inject(Theme);
  protected readonly options: readonly { value: ThemeChoice; label: string }[] = [
    {
      value: 'system',
      label: $localize`:Theme that follows the system setting@@theme.system:System`,
    },
    { value: 'light', label: $localize`:Light colour theme@@theme.light:Light` },
    { value: 'dark', label: $localize`:Dark colour theme@@theme.dark:Dark` },
  ];
}
