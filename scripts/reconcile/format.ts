import type { ReconciliationReport } from '../../amplify/functions/shared/usage-ledger-reconcile.ts';

/** The reconciliation report as the command prints it: a summary, then one line per difference. */
export function formatReconciliation(report: ReconciliationReport, tableName: string): string {
  const lines = [
    `${tableName}: ${report.counters} counters, ${report.records} usage records, ${report.holds} open holds`,
    `${report.differences.length} difference(s)`,
  ];
  for (const d of report.differences)
    lines.push(
      `  ${d.pk} ${d.sk} ${d.field}: counter ${d.stored}, records + holds ${d.expected} (${d.stored - d.expected > 0 ? '+' : ''}${d.stored - d.expected})`,
    );
  return lines.join('\n');
}
