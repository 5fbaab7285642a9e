import { Component, computed, inject } from '@angular/core';

import { AppConfig } from '../../core/config/app-config';

/** Shown instead of the app when `amplify_outputs.json` is missing or unusable. */
@Component({
  selector: 'app-setup',
  template: `
    <section class="setup" aria-labelledby="setup-title">
      <h1 id="setup-title" i18n="Setup page heading@@setup.heading">
        ML Gateway is not configured
      </h1>
      <p role="alert">{{ problem() }}</p>
      <h2 i18n="Setup page@@setup.howToFix">How to fix it</h2>
      <ul>
        <li i18n="Setup page@@setup.deployed">
          Deployed on Amplify Hosting: the backend phase of <code>amplify.yml</code> writes
          <code>amplify_outputs.json</code>; redeploy the branch.
        </li>
        <li i18n="Setup page@@setup.developing">
          Developing: run <code>npx ampx sandbox</code> (AWS) or <code>npm start</code> (local
          mode), which write <code>amplify_outputs.json</code> at the repository root.
        </li>
        <li i18n="Setup page@@setup.fields">
          The file needs <code>auth.oauth</code> (the hosted UI) and
          <code>custom.mlGateway.apiUrl</code> (the gateway's URL).
        </li>
      </ul>
    </section>
  `,
  styles: `
    .setup p[role='alert'] {
      white-space: pre-line;
      padding: 0.75rem;
      border-left: 4px solid var(--color-error);
      background: var(--color-surface);
    }
  `,
})
export class Setup {
  private readonly config = inject(AppConfig);
  protected readonly problem = computed(() => {
    const state = this.config.state();
    return state.status === 'invalid' ? state.problem : '';
  });
}
