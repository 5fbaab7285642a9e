/**
 * The `outcome` of an audit record of a call that is not a model call (admin actions, key
 * operations, SCIM changes), from its HTTP status: `ok`, `client_error` (4xx) or `error` (5xx).
 */
export const outcomeOfStatus = (status: number): string =>
  status < 400 ? 'ok' : status < 500 ? 'client_error' : 'error';
