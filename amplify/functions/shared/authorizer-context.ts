/**
 * What the token authorizer hands to the processors. API Gateway passes a TOKEN authorizer's
 * `context` to the integration as `event.requestContext.authorizer.<key>`, and only string,
 * number and boolean values survive, so lists and maps travel as strings.
 */
export interface AuthorizerContext {
  /** Cognito `sub` of the caller. */
  readonly sub: string;
  readonly username: string;
  /** Empty string when the token carries no email (access tokens usually do not). */
  readonly email: string;
  /** Cognito groups, comma-separated (`cognito:groups`). */
  readonly groups: string;
  /** JSON object of the claims the model catalog's ABAC rules read, e.g. `{"department":"finance"}`. */
  readonly claims: string;
}

/** The caller as the processors see it, decoded from the authorizer context. */
export interface Caller {
  readonly sub: string;
  readonly username: string;
  readonly email: string;
  readonly groups: readonly string[];
  readonly claims: Readonly<Record<string, string>>;
}

/** Encodes a caller into the flat string map API Gateway accepts as authorizer context. */
export function encodeCaller(caller: Caller): AuthorizerContext {
  return {
    sub: caller.sub,
    username: caller.username,
    email: caller.email,
    groups: caller.groups.join(','),
    claims: JSON.stringify(caller.claims),
  };
}

/** Decodes the authorizer context; returns undefined when it is missing or malformed. */
export function decodeCaller(
  context: Record<string, unknown> | null | undefined,
): Caller | undefined {
  if (!context || typeof context['sub'] !== 'string' || context['sub'] === '') return undefined;
  let claims: Record<string, string> = {};
  if (typeof context['claims'] === 'string' && context['claims'] !== '') {
    try {
      const parsed: unknown = JSON.parse(context['claims']);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        claims = Object.fromEntries(
          Object.entries(parsed).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        );
      }
    } catch {
      return undefined;
    }
  }
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
  return {
    sub: context['sub'],
    username: text('username'),
    email: text('email'),
    groups: text('groups').split(',').filter(Boolean),
    claims,
  };
}
