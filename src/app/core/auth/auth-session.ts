import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';

import { type Group, isGroup } from '../../../../amplify/contract/groups';
import { AppConfig } from '../config/app-config';
import { AMPLIFY_AUTH_LOADER, type AmplifyAuthApi, type AuthHubEvent } from './amplify-auth-api';

/** The Cognito identity provider name of Microsoft Entra ID (chosen here; outputs omit it). */
const ENTRA_PROVIDER = 'EntraID';

const RETURN_URL_KEY = 'ml-gateway.returnUrl';
const SIGNED_OUT_KEY = 'ml-gateway.signedOut';

/**
 * What sign-out does, as the sign-in page tells the user. Cognito's RevokeToken ends the refresh
 * token, but the API authorizer verifies access tokens by signature and expiry alone, so one
 * already issued works until it expires (1 hour, TOKEN_VALIDITY in
 * amplify/auth/user-pool-overrides.ts) and a cached authorizer decision a little longer
 * (AUTHORIZER_CACHE_TTL_SECONDS, 5 minutes by default).
 */
export const SIGN_OUT_NOTICE = $localize`:Shown after signing out - what signing out did and did not do@@auth.signedOut:You are signed out of this browser and its session can no longer be renewed. An access token it already received stays valid until it expires: at most one hour, plus a few minutes the API may cache its check.`;

/** The signed-in user as the access token describes them. */
export interface SignedInUser {
  readonly username: string;
  readonly email?: string;
  /** Known groups from the access token's `cognito:groups` claim. */
  readonly groups: readonly Group[];
}

export type AuthStatus = 'unknown' | 'signedOut' | 'signedIn';

/**
 * The user's Cognito session: restore on load (which also completes a sign-in redirect),
 * sign-in through the hosted UI with Entra ID, tokens for API calls (refreshed by Amplify when
 * they expire) and sign-out that revokes the refresh token. Amplify JS is loaded on first use,
 * not in the first bundle.
 */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly loader = inject(AMPLIFY_AUTH_LOADER);
  private readonly config = inject(AppConfig);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly document = inject(DOCUMENT);
  private readonly storage = this.document.defaultView?.sessionStorage;
  private readonly userSignal = signal<SignedInUser | undefined>(undefined);
  private readonly statusSignal = signal<AuthStatus>('unknown');
  private readonly problemSignal = signal<string | undefined>(undefined);
  private amplifyPromise?: Promise<AmplifyAuthApi>;
  private startPromise?: Promise<void>;

  readonly user = this.userSignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  /** Why the last sign-in or refresh failed, for the sign-in page. */
  readonly problem = this.problemSignal.asReadonly();
  readonly groups = computed(() => this.userSignal()?.groups ?? []);

  /**
   * Whether this browser may hold a session, without loading Amplify: Amplify JS keeps the
   * signed-in user under `CognitoIdentityServiceProvider.<clientId>.LastAuthUser` in session
   * storage (see `keepTokensForBrowserSession`). Public pages restore the session only then.
   */
  mayHaveSession(): boolean {
    const clientId = this.config.ready().outputs.auth.user_pool_client_id;
    return this.storage?.getItem(`CognitoIdentityServiceProvider.${clientId}.LastAuthUser`) != null;
  }

  /** Restores the session once; every later call returns the same promise. */
  whenReady(): Promise<void> {
    this.startPromise ??= this.restore();
    return this.startPromise;
  }

  /** Reads the stored session (or completes a redirect sign-in) and updates the state. */
  async restore(): Promise<void> {
    try {
      const amplify = await this.amplify();
      const session = await amplify.fetchAuthSession();
      const access = session.tokens?.accessToken;
      if (!access) {
        this.setSignedOut(this.problemSignal());
        return;
      }
      const claims = access.payload;
      const email = session.tokens?.idToken?.payload['email'];
      this.userSignal.set({
        username: String(claims['username'] ?? claims.sub ?? ''),
        email: typeof email === 'string' ? email : undefined,
        groups: groupsFrom(claims['cognito:groups']),
      });
      this.statusSignal.set('signedIn');
      this.problemSignal.set(undefined);
    } catch (error) {
      this.setSignedOut(error instanceof Error ? error.message : String(error));
    }
  }

  /** Sends the browser to the hosted UI with Entra ID; `returnUrl` is opened after the callback. */
  async signIn(returnUrl = '/'): Promise<void> {
    this.problemSignal.set(undefined);
    this.storage?.removeItem(SIGNED_OUT_KEY);
    const amplify = await this.amplify();
    this.storage?.setItem(RETURN_URL_KEY, returnUrl);
    await amplify.signInWithRedirect({ provider: { custom: ENTRA_PROVIDER } });
  }

  /**
   * The page the user was on before the sign-in redirect, once (cleared when read). Only
   * app-relative paths are returned, so a crafted value cannot send the user elsewhere.
   */
  takeReturnUrl(): string | undefined {
    const url = this.storage?.getItem(RETURN_URL_KEY) ?? undefined;
    this.storage?.removeItem(RETURN_URL_KEY);
    return url?.startsWith('/') && !url.startsWith('//') ? url : undefined;
  }

  /**
   * Signs this browser out: Amplify revokes the session's refresh token (Cognito RevokeToken;
   * the app client has token revocation on), forgets the tokens and ends the hosted-UI session,
   * which redirects the browser back to the app. Access tokens already issued stay valid until
   * they expire (see {@link SIGN_OUT_NOTICE}).
   */
  async signOut(): Promise<void> {
    const amplify = await this.amplify();
    // Survives the hosted UI's logout redirect, so the sign-in page can confirm the sign-out.
    this.storage?.setItem(SIGNED_OUT_KEY, '1');
    // Not `{ global: true }`: GlobalSignOut needs the aws.cognito.signin.user.admin scope, which
    // would also let users rewrite their own attributes; the client rightly lacks it, and Amplify
    // swallows the refusal, so no refresh token would be revoked at all.
    await amplify.signOut();
    this.setSignedOut();
  }

  /** Whether the user signed out and has not signed in since (kept across the logout redirect). */
  hasJustSignedOut(): boolean {
    return this.storage?.getItem(SIGNED_OUT_KEY) === '1';
  }

  /**
   * The access token for `Authorization`: the `current` one, or one `refreshed` by trading the
   * refresh token for new tokens. Undefined when signed out.
   */
  async accessToken(which: 'current' | 'refreshed' = 'current'): Promise<string | undefined> {
    const forceRefresh = which === 'refreshed';
    try {
      const amplify = await this.amplify();
      const session = await amplify.fetchAuthSession({ forceRefresh });
      return session.tokens?.accessToken.toString();
    } catch {
      return undefined;
    }
  }

  /** The API refused the token even after a refresh: drop the session and ask to sign in again. */
  async reauthenticate(): Promise<void> {
    this.setSignedOut(
      $localize`:The API refused the session@@auth.expired:Your session has expired. Sign in again to continue.`,
    );
    await this.router.navigate(['/sign-in'], {
      queryParams: { returnUrl: this.router.url },
    });
  }

  private amplify(): Promise<AmplifyAuthApi> {
    this.amplifyPromise ??= this.loader(this.config.ready().outputs).then((amplify) => {
      const unsubscribe = amplify.listen((event) => void this.onHubEvent(event));
      this.destroyRef.onDestroy(unsubscribe);
      return amplify;
    });
    return this.amplifyPromise;
  }

  private async onHubEvent(event: AuthHubEvent): Promise<void> {
    switch (event.event) {
      case 'signInWithRedirect':
      case 'signedIn':
      case 'tokenRefresh':
        await this.restore();
        return;
      case 'signInWithRedirect_failure':
        this.setSignedOut(
          $localize`:The sign-in redirect failed; the reason comes from the identity provider@@auth.signInFailed:Sign-in failed: ${
            event.data?.error?.message ??
            $localize`:A sign-in failure without a reason@@auth.unknownError:unknown error`
          }:reason:`,
        );
        return;
      case 'tokenRefresh_failure':
        this.setSignedOut(
          $localize`:The session could not be refreshed@@auth.refreshFailed:Your session could not be renewed. Sign in again to continue.`,
        );
        return;
      case 'signedOut':
        this.setSignedOut();
        return;
    }
  }

  private setSignedOut(problem?: string): void {
    this.userSignal.set(undefined);
    this.statusSignal.set('signedOut');
    this.problemSignal.set(problem);
  }
}

function groupsFrom(claim: unknown): readonly Group[] {
  if (!Array.isArray(claim)) return [];
  return claim.filter(isGroup);
}
