import { Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { describeReset } from '../../core/http/spent-budget';
import { ErrorAlert } from '../../core/ui/error-alert';
import {
  budgetLevel,
  budgetName,
  budgetStandings,
  budgetWarning,
  describeUse,
} from './budget-standing';
import { ContentReadNotices } from './content-read-notices';
import { UsageApi } from './usage-api';
import { tokensPerDay, UsageChart } from './usage-chart';
import { type UsageRow, UsageTable } from './usage-table';

/**
 * The signed-in user's standing against each budget that applies, this month's usage, and who
 * read content they sent.
 */
@Component({
  selector: 'app-my-usage',
  imports: [ContentReadNotices, ErrorAlert, UsageChart, UsageTable],
  templateUrl: './my-usage.html',
  styles: `
    .budgets {
      display: grid;
      gap: 1rem;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    }
    progress {
      width: 100%;
      height: 1rem;
    }
    .budget-warning {
      border-left: 4px solid var(--color-on-notice);
      background: var(--color-notice);
      color: var(--color-on-notice);
      padding: 0.25rem 0.5rem;
    }
    .budget-exhausted {
      border-left: 4px solid var(--color-error);
      background: var(--color-error-surface);
      color: var(--color-error);
      font-weight: 600;
      padding: 0.25rem 0.5rem;
    }
  `,
})
export class MyUsage {
  private readonly api = inject(UsageApi);
  protected readonly usage = rxResource({ stream: () => this.api.ownUsage() });

  /** Each budget with its words; a warning from 80 % used, a stronger one at 100 %. */
  protected readonly budgets = computed(() => {
    if (!this.usage.hasValue()) return [];
    const now = new Date();
    return budgetStandings(this.usage.value()).map((standing) => ({
      standing,
      // Also the heading's id: letters, digits and dashes only.
      key: [standing.scope, standing.scopeName, standing.period, standing.unit]
        .filter((part) => part !== undefined)
        .join('-')
        .replace(/[^A-Za-z0-9-]+/g, '-'),
      name: budgetName(standing),
      use: describeUse(standing),
      level: budgetLevel(standing),
      // The warning says when the budget resets; below 80 % the figures line does.
      warning: budgetWarning(standing, now),
      resets: describeReset(new Date(standing.resetsAt), now),
    }));
  });

  protected readonly dayBars = computed(() =>
    this.usage.hasValue() ? tokensPerDay(this.usage.value().byDay) : [],
  );

  protected readonly modelRows = computed<readonly UsageRow[]>(() =>
    this.usage.hasValue()
      ? this.usage.value().byModel.map((row) => ({ ...row, key: row.modelId, label: row.modelId }))
      : [],
  );
}
