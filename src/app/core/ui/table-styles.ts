/** The look of the app's data tables: full width, ruled rows, scrolled sideways on small screens. */
export const TABLE_STYLES = `
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
    border-bottom: 1px solid var(--color-rule);
  }
`;
