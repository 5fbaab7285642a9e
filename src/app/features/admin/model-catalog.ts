import { Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { ROUTES } from '../../../../amplify/contract/routes';
import type { ModelSummary } from '../../core/api/api-types';
import { MlApi } from '../../core/api/ml-api';
import { ErrorAlert } from '../../core/ui/error-alert';
import { TABLE_STYLES } from '../../core/ui/table-styles';

/** A listed model with who may use it, as `GET /ml/models` tells Administrators. */
interface AdminModelRow extends ModelSummary {
  readonly groups?: readonly string[];
  readonly claimRules?: string;
}

/**
 * Administrators' view of the models (from `GET /ml/models`) with the groups and claim rules
 * that grant each one (`access`, which the API adds for Administrators from the catalog it
 * enforces; the app bundle carries no catalog), and of
 * which groups may call each API route (the route table the token authorizer enforces).
 */
@Component({
  selector: 'app-model-catalog',
  imports: [ErrorAlert],
  templateUrl: './model-catalog.html',
  styles: [
    TABLE_STYLES,
    `
      th,
      td {
        vertical-align: top;
      }
    `,
  ],
})
export class ModelCatalog {
  private readonly api = inject(MlApi);
  protected readonly routes = ROUTES;
  protected readonly models = rxResource({ stream: () => this.api.models() });
  protected readonly rows = computed<readonly AdminModelRow[]>(() =>
    (this.models.hasValue() ? this.models.value() : []).map((model) => {
      return {
        ...model,
        groups: model.access?.groups,
        claimRules: Object.entries(model.access?.claims ?? {})
          .map(([claim, values]) => `${claim} ∈ {${values.join(', ')}}`)
          .join('; '),
      };
    }),
  );

  protected readonly notShown = $localize`:Groups the API did not report@@catalog.notShown:not shown`;
  protected readonly none = $localize`:No claim rules@@catalog.none:none`;

  protected limitsText(model: ModelSummary): string {
    return Object.entries(model.limits)
      .map(([name, value]) => `${name}: ${value}`)
      .join(', ');
  }
}
