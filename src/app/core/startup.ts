import { type EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { AuthSession } from './auth/auth-session';
import { AppConfig } from './config/app-config';

/**
 * Before the first navigation: load the configuration, restore the session (which also
 * completes a sign-in redirect) and, after a sign-in, reopen the page the user came from.
 */
export function provideStartup(): EnvironmentProviders {
  return provideAppInitializer(async () => {
    const config = inject(AppConfig);
    const auth = inject(AuthSession);
    await config.load();
    if (config.state().status !== 'ready') return;
    await auth.restore();
    const returnUrl = auth.status() === 'signedIn' ? auth.takeReturnUrl() : undefined;
    if (returnUrl) globalThis.history?.replaceState(null, '', returnUrl);
  });
}
