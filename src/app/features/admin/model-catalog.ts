import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
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
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Model catalog</h1>
    <app-error-alert [error]="models.error()" subject="listing models" />
    <h2>Models and endpoints</h2>
    @if (models.isLoading()) {
      <p role="status">Loading the catalog…</p>
    }
    <div class="table-wrap" tabindex="0" role="region" aria-label="Models and endpoints">
      <table>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Id</th>
            <th scope="col">Service</th>
            <th scope="col">Limits</th>
            <th scope="col">Groups</th>
            <th scope="col">Claim rules</th>
          </tr>
        </thead>
        <tbody>
          @for (model of rows(); track model.id) {
            <tr>
              <td>{{ model.label }}</td>
              <td>
                <code>{{ model.id }}</code>
              </td>
              <td>{{ model.provider }}{{ model.mode ? ' · ' + model.mode : '' }}</td>
              <td>{{ limitsText(model) }}</td>
              <td>{{ model.groups?.join(', ') ?? 'not shown' }}</td>
              <td>{{ model.claimRules || 'none' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <h2>Who may call what</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-label="API routes by group">
      <table>
        <thead>
          <tr>
            <th scope="col">Route</th>
            <th scope="col">What it does</th>
            <th scope="col">Groups</th>
          </tr>
        </thead>
        <tbody>
          @for (route of routes; track route.method + route.path) {
            <tr>
              <td>
                <code>{{ route.method }} {{ route.path }}</code>
              </td>
              <td>{{ route.description }}</td>
              <td>{{ route.groups.join(', ') }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
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

  protected limitsText(model: ModelSummary): string {
    return Object.entries(model.limits)
      .map(([name, value]) => `${name}: ${value}`)
      .join(', ');
  }
}
