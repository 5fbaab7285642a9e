import { InjectionToken } from '@angular/core';
import { fetchAuthSession, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

/** The Amplify JS calls the app uses, behind a token so unit tests can drive the session. */
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

export const AMPLIFY_AUTH = new InjectionToken<AmplifyAuthApi>('AMPLIFY_AUTH', {
  providedIn: 'root',
  factory: () => ({
    fetchAuthSession,
    signInWithRedirect,
    signOut,
    listen: (listener) => Hub.listen('auth', ({ payload }) => listener(payload as AuthHubEvent)),
  }),
});
