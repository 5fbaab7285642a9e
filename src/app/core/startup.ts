import { type EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { Router } from '@angular/router';

import { AuthSession } from './auth/auth-session';
import { AppConfig } from './config/app-config';
import { addressInLocale, preferredLocale, runningLocale, savedLocale } from './i18n/locale-choice';

/**
 * Before the first render: load the configuration (a small JSON file). The session is restored
 * when first needed (guards wait for it; Amplify JS is a lazy chunk), so the public sign-in page
 * renders without it. A sign-in redirect (`?code=`) is completed at once, and the page the user
 * came from is reopened, in the language the user chose.
 */
export function provideStartup(): EnvironmentProviders {
  return provideAppInitializer(async () => {
    const config = inject(AppConfig);
    const auth = inject(AuthSession);
    const router = inject(Router);
    await config.load();
    if (config.state().status !== 'ready') return;
    if (!isSignInCallback(globalThis.location?.search ?? '')) return;
    void auth.whenReady().then(() => {
      const returnUrl = auth.status() === 'signedIn' ? auth.takeReturnUrl() : undefined;
      if (!returnUrl) return;
      // The hosted UI returns to this build; a user who chose another language goes on there
      // (signed in: the session is the origin's, shared by every build).
      const preferred = preferredLocale(savedLocale(), navigator.languages);
      if (preferred.id !== runningLocale().id) {
        const page = new URL(returnUrl, location.origin);
        location.replace(addressInLocale(page, runningLocale(), preferred));
      } else {
        void router.navigateByUrl(returnUrl, { replaceUrl: true });
      }
    });
  });
}

/** Whether the URL is the hosted UI's redirect back to the app (a code, or an error). */
function isSignInCallback(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('state') && (params.has('code') || params.has('error'));
}
