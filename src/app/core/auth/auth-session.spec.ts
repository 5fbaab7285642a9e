import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import { setUpTestApp } from '../../../testing/test-app';
import { AuthSession } from './auth-session';

describe('AuthSession', () => {
  it('restores the user and groups from the access token', async () => {
    await setUpTestApp({ groups: ['MLUsers', 'SomethingElse'] });
    const auth = TestBed.inject(AuthSession);
    expect(auth.status()).toBe('signedIn');
    expect(auth.user()).toEqual({
      username: 'alice',
      email: 'alice@example.com',
      groups: ['MLUsers'],
    });
  });

  it('sees a session stored for this browser session without loading Amplify', async () => {
    await setUpTestApp();
    const auth = TestBed.inject(AuthSession);
    localStorage.setItem('CognitoIdentityServiceProvider.client123.LastAuthUser', 'alice');
    expect(auth.mayHaveSession()).toBe(false);
    sessionStorage.setItem('CognitoIdentityServiceProvider.client123.LastAuthUser', 'alice');
    expect(auth.mayHaveSession()).toBe(true);
    localStorage.clear();
    sessionStorage.clear();
  });

  it('is signed out without tokens', async () => {
    await setUpTestApp();
    expect(TestBed.inject(AuthSession).status()).toBe('signedOut');
  });

  it('signs in with the EntraID provider and keeps the return URL', async () => {
    const amplify = await setUpTestApp();
    const auth = TestBed.inject(AuthSession);
    await auth.signIn('/chat');
    expect(amplify.calls).toContainEqual({
      name: 'signInWithRedirect',
      args: [{ provider: { custom: 'EntraID' } }],
    });
    expect(auth.takeReturnUrl()).toBe('/chat');
    expect(auth.takeReturnUrl()).toBeUndefined();
  });

  it('never returns to another site after sign-in', async () => {
    await setUpTestApp();
    const auth = TestBed.inject(AuthSession);
    await auth.signIn('//evil.example/phish');
    expect(auth.takeReturnUrl()).toBeUndefined();
  });

  it('signs out with token revocation, never the global sign-out the client may not call', async () => {
    const amplify = await setUpTestApp({ groups: ['ReadOnly'] });
    const auth = TestBed.inject(AuthSession);
    await auth.signOut();
    // Plain signOut() revokes the refresh token; { global: true } needs the admin scope.
    const signOuts = amplify.calls.filter((call) => call.name === 'signOut');
    expect(signOuts).toEqual([{ name: 'signOut', args: [undefined] }]);
    expect(auth.status()).toBe('signedOut');
    expect(auth.hasJustSignedOut()).toBe(true);
    await auth.signIn();
    expect(auth.hasJustSignedOut()).toBe(false);
  });

  it('passes a forced refresh through and returns the new token', async () => {
    const amplify = await setUpTestApp({ groups: ['MLUsers'] });
    const { sessionFor } = await import('../../../testing/fixtures');
    amplify.refreshedSession = sessionFor(['MLUsers'], 'access-token-2');
    const auth = TestBed.inject(AuthSession);
    expect(await auth.accessToken()).toBe('access-token-1');
    expect(await auth.accessToken('refreshed')).toBe('access-token-2');
  });

  it('explains a failed redirect sign-in and a failed refresh', async () => {
    const amplify = await setUpTestApp({ groups: ['MLUsers'] });
    const auth = TestBed.inject(AuthSession);
    amplify.emit({
      event: 'signInWithRedirect_failure',
      data: { error: { message: 'access_denied' } },
    });
    await Promise.resolve();
    expect(auth.problem()).toBe('Sign-in failed: access_denied');
    amplify.emit({ event: 'tokenRefresh_failure' });
    await Promise.resolve();
    expect(auth.status()).toBe('signedOut');
    expect(auth.problem()).toMatch(/could not be renewed/);
  });

  it('reauthenticate sends the user to sign-in with the current page to return to', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    await TestBed.inject(AuthSession).reauthenticate();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/' } });
    expect(TestBed.inject(AuthSession).problem()).toMatch(/expired/);
  });
});
