import type { ApiKeyBudget } from '../../contract/api-keys.ts';

/**
 * What the token authorizer hands to the processors. API Gateway passes a TOKEN authorizer's
 * `context` to the integration as `event.requestContext.authorizer.<key>`, and only string,
 * number and boolean values survive (a REST proxy integration receives them as strings), so
 * lists and maps travel as JSON text.
 */
export interface AuthorizerContext {
  /** Cognito `sub` of the caller. */
  readonly sub: string;
  readonly username: string;
  /** Empty string when the token carries no email (access tokens usually do not). */
  readonly email: string;
  /** JSON array of the caller's known groups (`cognito:groups` filtered to `GROUPS`). */
  readonly groups: string;
  /** JSON object of the claims the model catalog's ABAC rules read, e.g. `{"department":"finance"}`. */
  readonly claims: string;
  /** The access token's `exp` (epoch seconds): the gateway's cache may outlive the token. */
  readonly exp: number;
  /** JSON {@link ApiKeyGrant} when the caller came with a personal API key; absent for a token. */
  readonly apiKey?: string;
}

/** What a personal API key narrows: the models it may call and its own budget. */
export interface ApiKeyGrant {
  readonly keyId: string;
  readonly models: readonly string[];
  readonly budget?: ApiKeyBudget;
}

/** The caller as the processors see it, decoded from the authorizer context. */
export interface Caller {
  readonly sub: string;
  readonly username: string;
  readonly email: string;
  readonly groups: readonly string[];
  readonly claims: Readonly<Record<string, string>>;
  /** Set when the call came with a personal API key (the owner is `sub`). */
  readonly apiKey?: ApiKeyGrant;
}

/** Encodes a caller and its token's expiry into the flat map API Gateway accepts as context. */
export function encodeCaller(caller: Caller, exp: number): AuthorizerContext {
  return {
    sub: caller.sub,
    username: caller.username,
    email: caller.email,
    groups: JSON.stringify(caller.groups),
    claims: JSON.stringify(caller.claims),
    exp,
    ...(caller.apiKey ? { apiKey: JSON.stringify(caller.apiKey) } : {}),
  };
}

/** Why no caller could be read from a context. */
export type CallerRefusal = 'MISSING' | 'MALFORMED' | 'EXPIRED';

/** The caller, or why the request must be answered 401. */
export type CallerReading =
  | { readonly caller: Caller; readonly refusal?: undefined }
  | { readonly caller?: undefined; readonly refusal: CallerRefusal };

const EXP = /^[1-9]\d{0,11}$/;

/** `exp` as a number of seconds, whether it arrives as a number or as API Gateway's string. */
function expOf(value: unknown): number | undefined {
  // Stryker disable next-line ConditionalExpression: String() of a string is the string; of anything else the regex refuses
  const text = typeof value === 'number' ? String(value) : value;
  // Stryker disable next-line ConditionalExpression: RegExp.test reads a non-string as its String(), which the pattern refuses
  return typeof text === 'string' && EXP.test(text) ? Number(text) : undefined;
}

function parseJson(text: unknown): unknown {
  // Stryker disable next-line ConditionalExpression: JSON.parse throws on undefined and gives no array or object for a number or boolean
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the caller refuses the context.
  }
  return undefined;
}

/**
 * Reads the caller from the authorizer context, refusing a missing or malformed context and a
 * token whose `exp` has passed at `nowMs` (API Gateway keeps Allow decisions for the cache TTL,
 * even past the token's expiry). Groups must be a JSON array of strings and claims a JSON object.
 */
export function readCaller(
  context: Record<string, unknown> | null | undefined,
  nowMs: number = Date.now(),
): CallerReading {
  if (!context || typeof context['sub'] !== 'string' || context['sub'] === '')
    return { refusal: 'MISSING' };
  const exp = expOf(context['exp']);
  const groups = parseJson(context['groups']);
  const claims = context['claims'] === undefined ? {} : parseJson(context['claims']);
  if (
    exp === undefined ||
    !Array.isArray(groups) ||
    !groups.every((group) => typeof group === 'string') ||
    !claims ||
    typeof claims !== 'object' ||
    Array.isArray(claims)
  )
    return { refusal: 'MALFORMED' };
  const apiKey =
    context['apiKey'] === undefined ? undefined : grantOf(parseJson(context['apiKey']));
  if (apiKey === null) return { refusal: 'MALFORMED' };
  if (exp * 1000 <= nowMs) return { refusal: 'EXPIRED' };
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
  return {
    caller: {
      sub: context['sub'],
      username: text('username'),
      email: text('email'),
      groups: groups as string[],
      claims: Object.fromEntries(
        Object.entries(claims).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      ),
      ...(apiKey ? { apiKey } : {}),
    },
  };
}

const isLimit = (value: unknown) =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0);

/** The key grant of a context, or null when it is not one (the context is then refused). */
function grantOf(value: unknown): ApiKeyGrant | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { keyId, models, budget } = value as Record<string, unknown>;
  if (typeof keyId !== 'string' || keyId === '') return null;
  if (!Array.isArray(models) || !models.every((model) => typeof model === 'string')) return null;
  if (budget === undefined) return { keyId, models };
  if (!budget || typeof budget !== 'object' || Array.isArray(budget)) return null;
  const { usdPerMonth, tokensPerMonth } = budget as Record<string, unknown>;
  if (!isLimit(usdPerMonth) || !isLimit(tokensPerMonth)) return null;
  return {
    keyId,
    models,
    budget: {
      ...(usdPerMonth === undefined ? {} : { usdPerMonth: usdPerMonth as number }),
      ...(tokensPerMonth === undefined ? {} : { tokensPerMonth: tokensPerMonth as number }),
    },
  };
}

/** Decodes the authorizer context; undefined when it is missing, malformed or expired. */
export function decodeCaller(
  context: Record<string, unknown> | null | undefined,
  nowMs: number = Date.now(),
): Caller | undefined {
  return readCaller(context, nowMs).caller;
}

/** The 401 message for a refusal; never echoes the context. */
export function refusalMessage(refusal: CallerRefusal): string {
  return refusal === 'EXPIRED'
    ? 'The access token has expired; sign in again'
    : 'No authenticated caller';
}
