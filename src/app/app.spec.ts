import { TestBed } from '@angular/core/testing';

import { setUpTestApp } from '../testing/test-app';
import { App } from './app';

async function renderApp(options: Parameters<typeof setUpTestApp>[0]) {
  await setUpTestApp(options);
  const fixture = TestBed.createComponent(App);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('App', () => {
  it('shows a setup page, not a blank page, when the outputs are invalid', async () => {
    const element = await renderApp({ outputs: { version: '1.4' } });
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('ML Gateway is not configured');
    expect(element.querySelector('[role=alert]')?.textContent).toContain('auth');
  });

  it('shows role-aware navigation: administrators see the catalog', async () => {
    const element = await renderApp({ groups: ['Administrators'] });
    const links = [...element.querySelectorAll('nav a')].map((link) => link.textContent?.trim());
    expect(links).toEqual(expect.arrayContaining(['Home', 'Chat', 'SageMaker', 'Model catalog']));
    expect(element.querySelector('.account')?.textContent).toContain('alice@example.com');
  });

  it('hides admin pages from other roles and shows no navigation when signed out', async () => {
    const element = await renderApp({ groups: ['ReadOnly'] });
    expect(element.textContent).not.toContain('Model catalog');
    TestBed.resetTestingModule();
    const signedOut = await renderApp({});
    expect(signedOut.querySelector('nav[aria-label=Main]')).toBeNull();
    // Only the footer's language links, which a signed-out visitor needs too.
    expect(signedOut.querySelectorAll('nav').length).toBe(1);
    expect(signedOut.querySelector('footer nav a[hreflang=de]')?.textContent).toBe('Deutsch');
  });
});
