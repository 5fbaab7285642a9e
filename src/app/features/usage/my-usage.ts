import { Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ErrorAlert } from '../../core/ui/error-alert';
import { UsageApi } from './usage-api';
import { UsageChart, tokensPerDay } from './usage-chart';
import { type UsageRow, UsageTable } from './usage-table';
import { formatTime, formatTokens } from './usage-format';
import type { PeriodUsage } from './usage-types';

/** The signed-in user's token budget standing (day and month) and this month's usage. */
@Component({
  selector: 'app-my-usage',
  imports: [ErrorAlert, UsageChart, UsageTable],
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
  `,
})
export class MyUsage {
  private readonly api = inject(UsageApi);
  protected readonly usage = rxResource({ stream: () => this.api.ownUsage() });

  protected readonly periods = computed(() => {
    if (!this.usage.hasValue()) return [];
    const { day, month } = this.usage.value();
    return [
      { name: 'day', heading: 'Today', usage: day },
      { name: 'month', heading: 'This month', usage: month },
    ];
  });

  protected readonly dayBars = computed(() =>
    this.usage.hasValue() ? tokensPerDay(this.usage.value().byDay) : [],
  );

  protected readonly modelRows = computed<readonly UsageRow[]>(() =>
    this.usage.hasValue()
      ? this.usage.value().byModel.map((row) => ({ ...row, key: row.modelId, label: row.modelId }))
      : [],
  );

  protected readonly tokens = formatTokens;
  protected readonly time = formatTime;

  protected percent(period: PeriodUsage): string {
    if (period.limitTokens <= 0) return 'no budget';
    return `${Math.min(100, Math.round((period.usedTokens / period.limitTokens) * 100))}%`;
  }
}
