import { TestBed } from '@angular/core/testing';

import { setUpTestApp } from '../../../testing/test-app';
import { AuthSession } from '../../core/auth/auth-session';
import { SignIn } from './sign-in';

describe('SignIn', () => {
  it('signs in with Entra ID and keeps the page to return to', async () => {
    const amplify = await setUpTestApp();
    const fixture = TestBed.createComponent(SignIn);
    fixture.componentRef.setInput('returnUrl', '/inference');
    await fixture.whenStable();
    const button = (fixture.nativeElement as HTMLElement).querySelector(
      'button',
    ) as HTMLButtonElement;
    expect(button.textContent?.trim()).toBe('Sign in with Microsoft Entra ID');
    button.click();
    await fixture.whenStable();
    expect(amplify.calls).toContainEqual({
      name: 'signInWithRedirect',
      args: [{ provider: { custom: 'EntraID' } }],
    });
    expect(TestBed.inject(AuthSession).takeReturnUrl()).toBe('/inference');
  });

  it('ignores a return URL that leaves the app', async () => {
    await setUpTestApp();
    const fixture = TestBed.createComponent(SignIn);
    fixture.componentRef.setInput('returnUrl', 'https://evil.example/');
    await fixture.whenStable();
    ((fixture.nativeElement as HTMLElement).querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(TestBed.inject(AuthSession).takeReturnUrl()).toBe('/');
  });

  it('confirms a sign-out', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    await TestBed.inject(AuthSession).signOut();
    const fixture = TestBed.createComponent(SignIn);
    await fixture.whenStable();
    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('You are signed out of this browser');
    // Honest about what revocation cannot do: issued access tokens live on until they expire.
    expect(text).toContain('stays valid until it expires: at most one hour');
    expect(text).not.toContain('all your devices');
  });
});
