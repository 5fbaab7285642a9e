/**
 * Every `error.code` the API answers (docs/api.md), with the HTTP status it comes with. The
 * functions, the gateway responses, the WAF's custom answers, the emulator and the app all
 * take their codes from here.
 */
export const ERROR_STATUS = {
  /** The body or a parameter is not valid; `field` names it. */
  BAD_REQUEST: 400,
  /** Missing, invalid or expired token. */
  UNAUTHORIZED: 401,
  /** The caller's groups may not call the route (or the network may not call the API). */
  FORBIDDEN: 403,
  /** The model exists but the caller's groups or claims do not allow it. */
  MODEL_NOT_ALLOWED: 403,
  MODEL_NOT_FOUND: 404,
  /** No async job of the caller's with that id. */
  JOB_NOT_FOUND: 404,
  /** No such conversation of the caller's (another user's is not revealed). */
  CONVERSATION_NOT_FOUND: 404,
  /** No such API key of the caller's (another user's is not revealed), or none at all (admin). */
  API_KEY_NOT_FOUND: 404,
  /** No such audit record, or one past its retention (content reads). */
  AUDIT_RECORD_NOT_FOUND: 404,
  /** No such route or method (the gateway, or a function reached by a route it does not serve). */
  ROUTE_NOT_FOUND: 404,
  /** Saving a new conversation beyond `history.maxConversationsPerUser`. */
  CONVERSATION_LIMIT: 409,
  /** Creating an API key beyond `apiKeys.maxKeysPerUser` live keys. */
  API_KEY_LIMIT: 409,
  /** The audit record kept no content (its group captures none): nothing to read. */
  CONTENT_NOT_CAPTURED: 409,
  /** The stored record does not match its hash or index: not opened (run `npm run audit:verify`). */
  AUDIT_RECORD_TAMPERED: 409,
  /** Replacing the group mapping with a version another edit already replaced; `details.currentVersion`. */
  MAPPING_VERSION_CONFLICT: 409,
  /** A POST, PUT or PATCH without `Content-Length` (the WAF: a chunked body would skip its size rule). */
  LENGTH_REQUIRED: 411,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Too many requests (gateway, WAF or model); `Retry-After` says when to retry. */
  THROTTLED: 429,
  /**
   * A guardrail policy stopped the prompt or the answer; `details` name the policy, the stage
   * and the detector, never the content. 422: the request is well formed, and sending it again
   * unchanged cannot succeed.
   */
  GUARDRAIL_INTERVENED: 422,
  /** A budget is spent; `details` is a {@link BudgetExceededDetails}, `Retry-After` the reset. */
  BUDGET_EXCEEDED: 429,
  /** The model or endpoint failed (424 when the endpoint's model itself failed, else 502). */
  MODEL_ERROR: 502,
  UPSTREAM_TIMEOUT: 504,
  /** The authorizer or a function failed. */
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every error code, in the order of {@link ERROR_STATUS}. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];

/** True when `value` is one of the API's error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** Who a spent budget belongs to. */
export type BudgetScope = 'user' | 'group' | 'costCentre' | 'apiKey';

/** `error.details` of a `BUDGET_EXCEEDED` answer. */
export interface BudgetExceededDetails {
  readonly scope: BudgetScope;
  /** The group, cost centre or API key id whose budget ran out (absent for the caller's own). */
  readonly scopeName?: string;
  readonly period: 'day' | 'month';
  readonly unit: 'tokens' | 'usd' | 'requests';
  readonly limit: number;
  /** ISO 8601 time the period resets. */
  readonly resetsAt: string;
}

const BUDGET_SCOPES: readonly string[] = ['user', 'group', 'costCentre', 'apiKey'];
const BUDGET_PERIODS: readonly string[] = ['day', 'month'];
const BUDGET_UNITS: readonly string[] = ['tokens', 'usd', 'requests'];

/** `details` read as {@link BudgetExceededDetails} (unknown keys dropped); undefined when not one. */
export function budgetExceededDetailsOf(details: unknown): BudgetExceededDetails | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { scope, scopeName, period, unit, limit, resetsAt } = details as Record<string, unknown>;
  const valid =
    BUDGET_SCOPES.includes(scope as string) &&
    (scopeName === undefined || typeof scopeName === 'string') &&
    BUDGET_PERIODS.includes(period as string) &&
    BUDGET_UNITS.includes(unit as string) &&
    typeof limit === 'number' &&
    Number.isFinite(limit) &&
    typeof resetsAt === 'string' &&
    !Number.isNaN(Date.parse(resetsAt));
  if (!valid) return undefined;
  return {
    scope: scope as BudgetScope,
    // An empty name would read "The  cost centre's budget".
    ...(typeof scopeName === 'string' && scopeName !== '' ? { scopeName } : {}),
    period: period as BudgetExceededDetails['period'],
    unit: unit as BudgetExceededDetails['unit'],
    limit: limit as number,
    resetsAt: resetsAt as string,
  };
}
