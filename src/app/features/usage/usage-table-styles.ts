/** Table look shared by the usage pages (numbers right-aligned for comparison). */
export const USAGE_TABLE_STYLES = `
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--color-surface);
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem;
    border-bottom: 1px solid #d0d5da;
  }
  td {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  th[scope='col']:not(:first-child) {
    text-align: right;
  }
`;
