import type { SmokeResult } from './smoke-checks.ts';

const OUTCOME_LABEL: Record<SmokeResult['outcome'], string> = {
  pass: 'ok',
  fail: 'FAIL',
  skip: 'skipped',
};

/** The results as a plain-text table (route, status, ms, result) with a totals line. */
export function formatSmokeTable(results: readonly SmokeResult[]): string {
  const rows = [
    ['route', 'status', 'ms', 'result'],
    ...results.map((result) => [
      result.route,
      result.status === undefined ? '-' : String(result.status),
      String(result.ms),
      `${OUTCOME_LABEL[result.outcome]}: ${result.detail}`,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    [row[0]!.padEnd(widths[0]!), row[1]!.padStart(widths[1]!), row[2]!.padStart(widths[2]!), row[3]]
      .join('  ')
      .trimEnd();
  const count = (outcome: SmokeResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;
  return [
    line(rows[0]!),
    line(widths.map((width) => '-'.repeat(width)).concat('------')),
    ...rows.slice(1).map(line),
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`,
  ].join('\n');
}
