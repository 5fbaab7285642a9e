import { Component, input } from '@angular/core';

import type { ModelChoice } from '../api/model-choice';

/**
 * A labelled picker over a `modelChoice()`: lists the models, shows the pick, records the user's
 * choice, and is disabled while there is nothing to pick. Hints go in as content, below it.
 */
@Component({
  selector: 'app-model-select',
  host: { class: 'field' },
  template: `
    <label [for]="selectId()">{{ label() }}</label>
    <select
      [id]="selectId()"
      [value]="choice().id()"
      (change)="choice().choose($any($event.target).value)"
      [disabled]="choice().list().length === 0"
      [attr.aria-describedby]="describedBy() ?? null"
    >
      @for (model of choice().list(); track model.id) {
        <option [value]="model.id">{{ model.label }}</option>
      }
    </select>
    <ng-content />
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class ModelSelect {
  readonly choice = input.required<ModelChoice>();
  /** The select's id, for the label and for tests and links. */
  readonly selectId = input.required<string>();
  readonly label = input.required<string>();
  /** The id of a hint that describes the pick. */
  readonly describedBy = input<string>();
}
