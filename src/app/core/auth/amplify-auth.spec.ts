import { Amplify } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

import { validOutputs } from '../../../testing/fixtures';
import { parseAmplifyOutputs } from '../config/amplify-outputs';
import { createAmplifyAuth } from './amplify-auth';

const PREFIX = 'CognitoIdentityServiceProvider.client123.';

/** An unsigned JWT: Amplify decodes stored tokens without verifying them. */
function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${part({ alg: 'none' })}.${part(claims)}.c2ln`;
}

/** What Amplify stores for a signed-in user, under the keys it reads. */
function storeSession(storage: Storage, username: string): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const accessToken = unsignedJwt({ sub: username, username, exp, iat: exp - 3600 });
  storage.setItem(`${PREFIX}LastAuthUser`, username);
  storage.setItem(`${PREFIX}${username}.accessToken`, accessToken);
  storage.setItem(`${PREFIX}${username}.idToken`, unsignedJwt({ sub: username, exp }));
  storage.setItem(`${PREFIX}${username}.refreshToken`, 'refresh-token');
  storage.setItem(`${PREFIX}${username}.clockDrift`, '0');
  return accessToken;
}

function amplifyKeys(storage: Storage): string[] {
  return Object.keys(storage).filter((key) => key.startsWith(PREFIX));
}

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('createAmplifyAuth', () => {
  it('configures Amplify from the outputs and points it at the local Cognito emulator', () => {
    createAmplifyAuth(
      parseAmplifyOutputs(validOutputs({ userPoolEndpoint: 'http://127.0.0.1:9229' })),
    );
    const cognito = Amplify.getConfig().Auth?.Cognito;
    expect(cognito?.userPoolId).toBe('us-east-1_local');
    expect(cognito?.userPoolClientId).toBe('client123');
    expect(cognito?.userPoolEndpoint).toBe('http://127.0.0.1:9229');
    expect(cognito?.loginWith?.oauth?.domain).toBe('127.0.0.1:8443');
    expect(cognito?.loginWith?.oauth?.responseType).toBe('code');
  });

  it('leaves the Cognito endpoint alone outside local mode', () => {
    createAmplifyAuth(parseAmplifyOutputs(validOutputs()));
    expect(Amplify.getConfig().Auth?.Cognito?.userPoolEndpoint).toBeUndefined();
  });

  it('keeps the tokens in session storage, never in local storage', async () => {
    createAmplifyAuth(parseAmplifyOutputs(validOutputs()));
    const accessToken = storeSession(sessionStorage, 'alice');
    const tokens = await cognitoUserPoolsTokenProvider.getTokens();
    expect(tokens?.accessToken.toString()).toBe(accessToken);

    await cognitoUserPoolsTokenProvider.authTokenStore.clearTokens();
    expect(amplifyKeys(sessionStorage)).toEqual([]);
    expect(await cognitoUserPoolsTokenProvider.getTokens()).toBeNull();
    expect(amplifyKeys(localStorage)).toEqual([]);
  });

  it('removes the tokens an earlier version kept in local storage, not the sign-in redirect state', async () => {
    storeSession(localStorage, 'bob');
    localStorage.setItem(`${PREFIX}oauthPKCE`, 'verifier');
    localStorage.setItem('unrelated', 'kept');
    createAmplifyAuth(parseAmplifyOutputs(validOutputs()));
    expect(amplifyKeys(localStorage)).toEqual([`${PREFIX}oauthPKCE`]);
    expect(localStorage.getItem('unrelated')).toBe('kept');
    expect(await cognitoUserPoolsTokenProvider.getTokens()).toBeNull();
  });
});
