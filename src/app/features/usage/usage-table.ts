import { Component, input } from '@angular/core';

import { TABLE_STYLES } from '../../core/ui/table-styles';
import { formatCost, formatTokens } from './usage-format';
import type { UsageTotals } from './usage-types';

/** One row of a usage table: a slice (user, group or model) and its totals. */
export interface UsageRow extends UsageTotals {
  /** Unique within the table. */
  readonly key: string;
  readonly label: string;
}

/**
 * Requests, tokens and estimated cost per slice, numbers right-aligned for comparison, in a
 * region that scrolls sideways on small screens. Name the region by `labelledBy` (the id of a
 * heading) or `label`.
 */
@Component({
  selector: 'app-usage-table',
  templateUrl: './usage-table.html',
  styles: [
    TABLE_STYLES,
    `
      td {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      th[scope='col']:not(:first-child) {
        text-align: right;
      }
    `,
  ],
})
export class UsageTable {
  /** The heading of the first column, e.g. "User". */
  readonly column = input.required<string>();
  readonly rows = input.required<readonly UsageRow[]>();
  /** The id of the heading that names the table. */
  readonly labelledBy = input<string>();
  /** The table's name when no heading names it. */
  readonly label = input<string>();
  /** Shows the row labels as code (model ids). */
  readonly codeLabels = input(false);

  protected readonly tokens = formatTokens;
  protected readonly cost = formatCost;
}
