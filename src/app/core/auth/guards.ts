import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthSession } from './auth-session';
import { type Capability, hasCapability } from './permissions';

/**
 * Lets signed-in users through once the session is restored; sends others to the sign-in page
 * with a return URL.
 */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthSession);
  const router = inject(Router);
  await auth.whenReady();
  if (auth.status() === 'signedIn') return true;
  return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/**
 * Lets users through whose groups grant `capability`; others land on the home page, which
 * tells them what their role may not do.
 */
export function capabilityGuard(capability: Capability): CanActivateFn {
  return async () => {
    const auth = inject(AuthSession);
    const router = inject(Router);
    await auth.whenReady();
    if (hasCapability(auth.groups(), capability)) return true;
    return router.createUrlTree(['/'], { queryParams: { denied: capability } });
  };
}
