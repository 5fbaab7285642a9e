/**
 * Personal API keys end to end: a member creates a key on the Keys page, copies the secret
 * shown once, uses it from Node with the official OpenAI SDK, revokes it on the page (with a
 * confirmation that can be cancelled) and sees the SDK refused.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp({ clipboard: true });
const { withPage, signIn } = app;

const chatWith = (key: string) =>
  new OpenAI({
    baseURL: `${app.stack.apiUrl}openai/v1`,
    apiKey: key,
    maxRetries: 0,
  }).chat.completions.create({
    model: 'local.echo',
    messages: [{ role: 'user', content: 'from node with a key' }],
    max_tokens: 10,
  });

describe('the Keys page', () => {
  it('creates a key shown once, which works from Node until it is revoked on the page', async () => {
    let secret = '';
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/');
      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

      await page.getByLabel('Name').fill('e2e laptop');
      await page.getByRole('checkbox', { name: /local\.echo/ }).check();
      await page.getByLabel('Expires after (days)').fill('7');
      await page.getByRole('button', { name: 'Create key' }).click();

      const heading = page.getByRole('heading', { name: 'Copy your new key now' });
      await heading.waitFor();
      // The focus moves to the new key, so a screen reader user hears it is there.
      expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
      secret = await page.getByLabel('Key e2e laptop').inputValue();
      expect(secret).toMatch(/^mlg_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await screenshot(page, 'api-keys-created');
      expect(await axeViolations(page)).toEqual([]);

      const completion = await chatWith(secret);
      expect(completion.choices[0]!.message.content).toBe('from node with a key');

      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('heading', { name: 'Copy your new key now' }).waitFor({
        state: 'detached',
      });
      // The list never shows the secret again.
      expect(await page.content()).not.toContain(secret.slice(21));
      const row = page.getByRole('row', { name: /e2e laptop/ });
      await row.getByRole('cell', { name: 'active' }).waitFor();

      // Revoking asks first; Cancel keeps the key and gives the focus back to Revoke.
      await row.getByRole('button', { name: 'Revoke e2e laptop', exact: true }).click();
      await row.getByRole('button', { name: 'Cancel revoke e2e laptop', exact: true }).click();
      const revoke = row.getByRole('button', { name: 'Revoke e2e laptop', exact: true });
      await revoke.waitFor();
      await page.waitForFunction(
        () => document.activeElement?.getAttribute('aria-label') === 'Revoke e2e laptop',
      );
      expect((await chatWith(secret)).choices[0]!.message.content).toBe('from node with a key');

      await revoke.click();
      const confirm = row.getByRole('button', { name: 'Confirm revoke e2e laptop', exact: true });
      expect(await confirm.evaluate((element) => element === document.activeElement)).toBe(true);
      await confirm.click();
      await row.getByRole('cell', { name: 'revoked' }).waitFor();
      await screenshot(page, 'api-keys-revoked');
    });
    // The revoked key, from Node: refused by the authorizer.
    const refused = await chatWith(secret).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('is not offered to a user who may not run models', async () => {
    await withPage(async (page) => {
      await signIn(page, 'readonly', '/');
      await page.getByRole('link', { name: 'My usage' }).waitFor();
      expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    });
  });
});
