import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sessionStorage } from 'aws-amplify/utils';

/** Where Amplify JS keeps a client's keys (written out, not imported, to keep chunks apart). */
const amplifyKeyPrefix = (clientId: string) => `CognitoIdentityServiceProvider.${clientId}.`;

/** What earlier versions of the app left in local storage: the tokens and who they belong to. */
const TOKEN_KEY_SUFFIXES = [
  '.LastAuthUser',
  '.accessToken',
  '.idToken',
  '.refreshToken',
  '.clockDrift',
  '.signInDetails',
  '.oauthMetadata',
  '.oidcProvider',
];

/**
 * Keeps Amplify's Cognito tokens in `sessionStorage`: they end with the browser session and
 * are not readable from other tabs, so a refresh token cannot outlive the session on the disk.
 * Tokens an earlier version stored in `localStorage` are removed. The sign-in redirect's own
 * short-lived state (PKCE verifier, OAuth state) stays where Amplify keeps it.
 */
export function keepTokensForBrowserSession(clientId: string, legacy?: Storage): void {
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sessionStorage);
  if (!legacy) return;
  const prefix = amplifyKeyPrefix(clientId);
  const stale = Array.from({ length: legacy.length }, (_, index) => legacy.key(index)).filter(
    (key): key is string =>
      key !== null &&
      key.startsWith(prefix) &&
      TOKEN_KEY_SUFFIXES.some((suffix) => key.endsWith(suffix)),
  );
  for (const key of stale) legacy.removeItem(key);
}
