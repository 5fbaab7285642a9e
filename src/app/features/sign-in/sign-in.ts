import { afterNextRender, Component, effect, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';

import { AuthSession, SIGN_OUT_NOTICE } from '../../core/auth/auth-session';

/** The sign-in page: one button that goes to the hosted UI with Microsoft Entra ID. */
@Component({
  selector: 'app-sign-in',
  template: `
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" i18n="Sign-in page heading@@signIn.heading">Sign in to ML Gateway</h1>
      <p i18n="Sign-in page lead@@signIn.lead">
        Use your company account. Access to each model depends on your Entra ID groups.
      </p>
      @if (signedOut) {
        <p role="status">{{ signOutNotice }}</p>
      }
      @if (auth.problem(); as problem) {
        <p class="error" role="alert">{{ problem }}</p>
      }
      <button
        type="button"
        class="primary"
        (click)="signIn()"
        [disabled]="redirecting()"
        i18n="Button that opens the company sign-in page@@signIn.button"
      >
        Sign in with Microsoft Entra ID
      </button>
      @if (redirecting()) {
        <p
          role="status"
          i18n="Shown while the browser goes to the sign-in page@@signIn.redirecting"
        >
          Opening the sign-in page…
        </p>
      }
    </section>
  `,
  styles: `
    .sign-in {
      max-width: 28rem;
      margin: 3rem auto;
    }
  `,
})
export class SignIn {
  protected readonly auth = inject(AuthSession);
  private readonly router = inject(Router);

  /** Where to go after signing in (query parameter, set by the guard). */
  readonly returnUrl = input<string>();
  /** The user just signed out: confirm it, and say honestly what it did. */
  protected readonly signedOut = this.auth.hasJustSignedOut();
  protected readonly signOutNotice = SIGN_OUT_NOTICE;
  protected readonly redirecting = signal(false);

  constructor() {
    // A user who is already signed in (e.g. the back button after the callback) goes on; Amplify
    // is loaded for that only when the browser holds a session.
    afterNextRender(() => {
      if (this.auth.mayHaveSession()) void this.auth.whenReady();
    });
    effect(() => {
      if (this.auth.status() === 'signedIn') void this.router.navigateByUrl(this.safeReturnUrl());
    });
  }

  protected async signIn(): Promise<void> {
    this.redirecting.set(true);
    try {
      await this.auth.signIn(this.safeReturnUrl());
    } catch (error) {
      this.redirecting.set(false);
      throw error;
    }
  }

  private safeReturnUrl(): string {
    const url = this.returnUrl();
    return url?.startsWith('/') && !url.startsWith('//') ? url : '/';
  }
}
