/**
 * Cold-start budgets of the functions (issue 18), shared by `npm run bench -- processor` and the
 * infra test of the synthesized bundles.
 */

/**
 * Largest JavaScript bundle a function may ship (KiB, source maps excluded). Node parses the
 * whole bundle at init, so its size is paid by every cold start.
 */
export const FUNCTION_BUNDLE_BUDGET_KIB = 800;

/** A cold first Converse call may take at most this many times the `node:http` reference. */
export const COLD_CALL_TARGET_RATIO = 4;
