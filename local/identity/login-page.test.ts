// @vitest-environment jsdom
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { renderLoginPage } from './login-page.ts';
import { SEEDED_USERS } from './pool.ts';

describe('the local sign-in page', () => {
  it('has no axe violations, with and without an error', async () => {
    for (const error of [undefined, 'Incorrect username or password.']) {
      document.documentElement.innerHTML = renderLoginPage({
        fields: { client_id: 'client', redirect_uri: 'http://127.0.0.1:4200/' },
        users: SEEDED_USERS,
        error,
        nonce: 'nonce',
      })
        .replace(/^<!doctype html>\s*<html lang="en">/, '')
        .replace(/<\/html>\s*$/, '');
      document.documentElement.lang = 'en';
      // jsdom lays nothing out, so contrast cannot be measured here.
      const results = await axe.run(document, { rules: { 'color-contrast': { enabled: false } } });
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
    }
  });

  it('names every seeded user and says it stands in for Entra ID', () => {
    const html = renderLoginPage({ fields: {}, users: SEEDED_USERS, nonce: 'n' });
    expect(html).toContain('Microsoft Entra ID');
    for (const user of SEEDED_USERS) expect(html).toContain(`<code>${user.username}</code>`);
  });
});
