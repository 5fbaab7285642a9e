/** The options of `npm run smoke` (scripts/smoke.ts), as `node:util` `parseArgs` takes them. */
export const SMOKE_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  origin: { type: 'string' },
} as const;
