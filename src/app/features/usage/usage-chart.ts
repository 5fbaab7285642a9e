import { Component, computed, input } from '@angular/core';

import { USER_FORMAT_LOCALE } from '../../core/i18n/locale-format';
import { totalTokens, type UsageTotals } from './usage-types';

/** One bar of the chart. */
export interface ChartBar {
  readonly label: string;
  readonly value: number;
}

/** Bars of input plus output tokens per day, in the order given. */
export function tokensPerDay(
  byDay: readonly (UsageTotals & { readonly day: string })[],
): ChartBar[] {
  return byDay.map((row) => ({ label: row.day, value: totalTokens(row) }));
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 40, left: 64 };
const MAX_BAR_WIDTH = 56;

/**
 * An accessible SVG bar chart: `role="img"` with a title and a summary for screen readers,
 * each bar titled with its value, and the same numbers in a table the page shows beside it.
 */
@Component({
  selector: 'app-usage-chart',
  templateUrl: './usage-chart.html',
  styles: `
    .chart {
      margin-top: 1rem;
      width: 100%;
      max-width: 48rem;
      height: auto;
    }
    .bar {
      fill: var(--color-primary, #0b5cad);
    }
    .grid {
      stroke: #c8c8c8;
      stroke-width: 1;
    }
    .axis {
      font-size: 11px;
      fill: currentColor;
    }
  `,
})
export class UsageChart {
  /** Prefix of the ids that tie the title and description to the chart. */
  readonly id = input.required<string>();
  readonly title = input.required<string>();
  readonly unit = input($localize`:Unit of the usage chart's values@@chart.tokens:tokens`);
  readonly bars = input.required<readonly ChartBar[]>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly pad = PAD;

  private readonly max = computed(() => niceMax(Math.max(0, ...this.bars().map((b) => b.value))));

  protected readonly summary = computed(() => {
    const bars = this.bars();
    if (bars.length === 0) return $localize`:Chart description without data@@chart.noData:No data.`;
    const top = bars.reduce((best, bar) => (bar.value > best.value ? bar : best));
    const total = bars.reduce((sum, bar) => sum + bar.value, 0);
    const [count, sum, unit, label, highest] = [
      bars.length,
      format(total),
      this.unit(),
      top.label,
      format(top.value),
    ];
    return $localize`:Chart description for screen readers@@chart.summary:${count}:count: bars, ${sum}:total: ${unit}:unit: in total; highest ${label}:label: with ${highest}:highest:.`;
  });

  protected readonly ticks = computed(() => {
    const plot = HEIGHT - PAD.top - PAD.bottom;
    return [0, 0.5, 1].map((share) => ({
      value: share,
      y: PAD.top + plot * (1 - share),
      text: format(this.max() * share),
    }));
  });

  protected readonly layout = computed(() => {
    const bars = this.bars();
    const plotWidth = WIDTH - PAD.left - PAD.right;
    const plotHeight = HEIGHT - PAD.top - PAD.bottom;
    const slot = bars.length > 0 ? plotWidth / bars.length : plotWidth;
    // Label every bar when they fit, otherwise about ten labels.
    const labelEvery = Math.max(1, Math.ceil(bars.length / 10));
    // Bars fill 70% of their slot, but stay narrow when there are only a few.
    const barWidth = Math.min(slot * 0.7, MAX_BAR_WIDTH);
    return bars.map((bar, index) => {
      const height = this.max() > 0 ? (bar.value / this.max()) * plotHeight : 0;
      return {
        label: bar.label,
        shortLabel: bar.label.length > 10 ? bar.label.slice(-5) : bar.label,
        valueText: format(bar.value),
        showLabel: index % labelEvery === 0,
        x: PAD.left + index * slot + (slot - barWidth) / 2,
        width: barWidth,
        y: PAD.top + plotHeight - height,
        height,
      };
    });
  });
}

/** A round axis maximum at or above `value` (1, 2 or 5 times a power of ten). */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

function format(value: number): string {
  return new Intl.NumberFormat(USER_FORMAT_LOCALE, {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}
