import { API_KEY_HEADER_NAME } from '../../contract/gateway.ts';
import { apiKeyIdOf, looksLikeApiKey } from '../shared/api-key-format.ts';
import { MAX_AUTHORIZATION_HEADER_CHARS, parseBearerToken } from './bearer.ts';
import { TokenRejectedError } from './errors.ts';

/** What a request authenticates with: a Cognito access token or a personal API key. */
export type Credential =
  | { readonly kind: 'accessToken'; readonly token: string }
  | { readonly kind: 'apiKey'; readonly key: string; readonly keyId: string };

/**
 * The parts of an authorizer event that carry the credential: a TOKEN event's
 * `authorizationToken`, or a REQUEST event's headers (`Authorization`, else `x-api-key`).
 */
export interface CredentialSource {
  readonly authorizationToken?: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
}

/** `Bearer mlg_…`: a key, however malformed (it must never be taken for, or logged as, a JWT). */
const BEARER_API_KEY = 'Bearer mlg_';

/**
 * The credential of an authorizer event, strictly parsed (nothing of it is ever logged).
 *
 * @throws TokenRejectedError `MISSING_TOKEN`, `TOKEN_TOO_LARGE`, `MALFORMED_HEADER`,
 * `MALFORMED_TOKEN` or `MALFORMED_API_KEY`.
 */
export function credentialOf(event: CredentialSource): Credential {
  if (event.authorizationToken !== undefined) return fromAuthorization(event.authorizationToken);
  const authorization = headerOf(event.headers, 'authorization');
  if (authorization !== undefined && authorization !== '') return fromAuthorization(authorization);
  const apiKey = headerOf(event.headers, API_KEY_HEADER_NAME);
  if (apiKey === undefined || apiKey === '') throw new TokenRejectedError('MISSING_TOKEN');
  if (apiKey.length > MAX_AUTHORIZATION_HEADER_CHARS)
    throw new TokenRejectedError('TOKEN_TOO_LARGE');
  // The Anthropic SDK sends whatever its `apiKey` is here: a key, or a Cognito token.
  return looksLikeApiKey(apiKey) ? apiKeyCredential(apiKey) : fromAuthorization(`Bearer ${apiKey}`);
}

function fromAuthorization(header: string): Credential {
  if (header.length <= MAX_AUTHORIZATION_HEADER_CHARS && header.startsWith(BEARER_API_KEY))
    return apiKeyCredential(header.slice('Bearer '.length));
  return { kind: 'accessToken', token: parseBearerToken(header) };
}

function apiKeyCredential(key: string): Credential {
  const keyId = apiKeyIdOf(key);
  if (keyId === undefined) throw new TokenRejectedError('MALFORMED_API_KEY');
  return { kind: 'apiKey', key, keyId };
}

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
function headerOf(headers: CredentialSource['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {}))
    if (key.toLowerCase() === name) return value ?? undefined;
  return undefined;
}
