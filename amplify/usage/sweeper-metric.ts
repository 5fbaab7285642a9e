/**
 * The metric the usage sweeper emits and the `ExpiredHoldsSwept` alarm watches: holds swept,
 * per usage table (its name is unique per deployment, so sandboxes do not share the alarm).
 */
export const SWEEPER_METRIC = {
  namespace: 'MLGateway/Usage',
  name: 'ExpiredHoldsSwept',
  dimension: 'UsageTable',
} as const;
