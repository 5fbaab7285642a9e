import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { Router } from '@angular/router';
import { GROUPS, type Group } from '../../../../amplify/catalog';
import { AMPLIFY_AUTH, type AuthHubEvent } from './amplify-auth';

/** The Cognito identity provider name of Microsoft Entra ID (chosen here; outputs omit it). */
export const ENTRA_PROVIDER = 'EntraID';

/** The signed-in user as the access token describes them. */
export interface SignedInUser {
  readonly username: string;
  readonly email?: string;
  /** Known groups from the access token's `cognito:groups` claim. */
  readonly groups: readonly Group[];
}

const RETURN_URL_KEY = 'ml-gateway.returnUrl';

export type AuthStatus = 'unknown' | 'signedOut' | 'signedIn';

/**
 * The user's Cognito session: restore on load, sign-in through the hosted UI with Entra ID,
 * tokens for API calls (refreshed by Amplify when they expire) and global sign-out.
 */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly amplify = inject(AMPLIFY_AUTH);
  private readonly router = inject(Router);
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage;
  private readonly userSignal = signal<SignedInUser | undefined>(undefined);
  private readonly statusSignal = signal<AuthStatus>('unknown');
  private readonly problemSignal = signal<string | undefined>(undefined);

  readonly user = this.userSignal.asReadonly();
  readonly status = this.statusSignal.asReadonly();
  /** Why the last sign-in or refresh failed, for the sign-in page. */
  readonly problem = this.problemSignal.asReadonly();
  readonly groups = computed(() => this.userSignal()?.groups ?? []);

  constructor() {
    const unsubscribe = this.amplify.listen((event) => void this.onHubEvent(event));
    inject(DestroyRef).onDestroy(unsubscribe);
  }

  /** Reads the stored session (or completes a redirect sign-in) and updates the state. */
  async restore(): Promise<void> {
    try {
      const session = await this.amplify.fetchAuthSession();
      const access = session.tokens?.accessToken;
      if (!access) {
        this.setSignedOut();
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
      this.setSignedOut(error instanceof Error ? error.message : undefined);
    }
  }

  /** Sends the browser to the hosted UI with Entra ID; `returnUrl` is opened after the callback. */
  async signIn(returnUrl = '/'): Promise<void> {
    this.problemSignal.set(undefined);
    this.storage?.setItem(RETURN_URL_KEY, returnUrl);
    await this.amplify.signInWithRedirect({ provider: { custom: ENTRA_PROVIDER } });
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

  /** Signs out everywhere (revokes the refresh tokens) and ends the hosted-UI session. */
  async signOut(): Promise<void> {
    await this.amplify.signOut({ global: true });
    this.setSignedOut();
  }

  /**
   * The current access token for `Authorization`; `forceRefresh` trades the refresh token for
   * new tokens. Undefined when signed out.
   */
  async accessToken(forceRefresh = false): Promise<string | undefined> {
    try {
      const session = await this.amplify.fetchAuthSession({ forceRefresh });
      return session.tokens?.accessToken.toString();
    } catch {
      return undefined;
    }
  }

  /** The API refused the token even after a refresh: drop the session and ask to sign in again. */
  async reauthenticate(): Promise<void> {
    this.setSignedOut('Your session has expired. Sign in again to continue.');
    await this.router.navigate(['/sign-in'], {
      queryParams: { returnUrl: this.router.url },
    });
  }

  private async onHubEvent(event: AuthHubEvent): Promise<void> {
    switch (event.event) {
      case 'signInWithRedirect':
      case 'signedIn':
      case 'tokenRefresh':
        await this.restore();
        return;
      case 'signInWithRedirect_failure':
        this.setSignedOut(`Sign-in failed: ${event.data?.error?.message ?? 'unknown error'}`);
        return;
      case 'tokenRefresh_failure':
        this.setSignedOut('Your session could not be renewed. Sign in again to continue.');
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
  return claim.filter((group): group is Group => (GROUPS as readonly string[]).includes(group));
}
