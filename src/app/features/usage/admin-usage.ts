import { Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { ErrorAlert } from '../../core/ui/error-alert';
import { UsageApi } from './usage-api';
import { tokensPerDay, UsageChart } from './usage-chart';
import { formatCost, formatRequests, formatTokens } from './usage-format';
import { type UsageRow, UsageTable } from './usage-table';

/** `yyyy-mm-dd` in UTC, the form the report route takes. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Administrators' usage report: tokens per day as a chart, and usage with cost estimates per
 * user, group and model for a chosen UTC date range.
 */
@Component({
  selector: 'app-admin-usage',
  imports: [ErrorAlert, UsageChart, UsageTable],
  templateUrl: './admin-usage.html',
  styles: `
    .range {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
    }
  `,
})
export class AdminUsage {
  private readonly api = inject(UsageApi);
  private readonly now = new Date();

  protected readonly fromInput = signal(`${utcDay(this.now).slice(0, 8)}01`);
  protected readonly toInput = signal(utcDay(this.now));
  private readonly range = signal({ from: this.fromInput(), to: this.toInput() });

  protected readonly report = rxResource({
    params: () => this.range(),
    stream: ({ params }) => this.api.report(params.from, params.to),
  });

  protected readonly dayBars = computed(() =>
    this.report.hasValue() ? tokensPerDay(this.report.value().byDay) : [],
  );

  protected readonly tables = computed<
    readonly { id: string; title: string; column: string; rows: readonly UsageRow[] }[]
  >(() => {
    if (!this.report.hasValue()) return [];
    const data = this.report.value();
    return [
      {
        id: 'by-user',
        title: $localize`:Usage report table@@usageReport.byUser:By user`,
        column: $localize`:Column heading@@usageReport.user:User`,
        rows: data.byUser.map((r) => ({ ...r, key: r.sub, label: r.username || r.sub })),
      },
      {
        id: 'by-group',
        title: $localize`:Usage report table@@usageReport.byGroup:By group`,
        column: $localize`:Column heading@@usageReport.group:Group`,
        rows: data.byGroup.map((r) => ({ ...r, key: r.group, label: r.group })),
      },
      {
        id: 'by-model',
        title: $localize`:Usage report table@@usageReport.byModel:By model`,
        column: $localize`:Column heading@@usage.model:Model`,
        rows: data.byModel.map((r) => ({ ...r, key: r.modelId, label: r.modelId })),
      },
    ];
  });

  protected readonly tokens = formatTokens;
  protected readonly cost = formatCost;
  protected readonly requests = formatRequests;

  protected apply(event: Event): void {
    event.preventDefault();
    this.range.set({ from: this.fromInput(), to: this.toInput() });
  }
}
