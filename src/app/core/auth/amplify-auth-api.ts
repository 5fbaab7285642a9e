import { InjectionToken } from '@angular/core';
import type { fetchAuthSession, signInWithRedirect, signOut } from 'aws-amplify/auth';

import type { AmplifyOutputs } from '../config/amplify-outputs';

/** The Amplify JS calls the app uses, behind an interface so unit tests can drive the session. */
export interface AmplifyAuthApi {
  readonly fetchAuthSession: typeof fetchAuthSession;
  readonly signInWithRedirect: typeof signInWithRedirect;
  readonly signOut: typeof signOut;
  /** Subscribes to the `auth` Hub channel; returns the unsubscribe function. */
  readonly listen: (listener: (event: AuthHubEvent) => void) => () => void;
}

/** The `auth` Hub events the app reacts to. */
export type AuthHubEvent =
  | { readonly event: 'signInWithRedirect' | 'signedIn' | 'signedOut' | 'tokenRefresh' }
  | {
      readonly event: 'signInWithRedirect_failure' | 'tokenRefresh_failure';
      readonly data?: { readonly error?: { readonly message: string } };
    };

/** Configures Amplify from the outputs and returns its auth calls. */
export type AmplifyAuthLoader = (outputs: AmplifyOutputs) => Promise<AmplifyAuthApi>;

/** Loads Amplify JS on demand (a lazy chunk), keeping it out of the initial bundle. */
export const AMPLIFY_AUTH_LOADER = new InjectionToken<AmplifyAuthLoader>('AMPLIFY_AUTH_LOADER', {
  providedIn: 'root',
  factory: () => (outputs) =>
    import('./amplify-auth').then((module) => module.createAmplifyAuth(outputs)),
});
