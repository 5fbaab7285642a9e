/**
 * The group-mapping page end to end, in Chromium against local mode: an Administrator adds,
 * edits and deletes entries (by keyboard too), reloads and finds them stored, and sees each change with its
 * before and after on the audit log; a member is refused the page and the API. Screenshots at
 * desktop and phone sizes; axe finds nothing serious or critical.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const RESEARCH_GROUP = '5f0c6f3e-1111-4a4a-9b9b-00000000e2e1';

const app = useLocalApp();
const { withPage, signIn } = app;

const seriousFindings = async (page: Page) =>
  (await axeViolations(page)).filter((finding) =>
    ['serious', 'critical'].includes(finding.impact ?? ''),
  );

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** The accessible name of the focused button (its aria-label). */
const focusedName = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

const row = (page: Page, value: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: value }) });

describe('the group-mapping page', () => {
  it('lets an Administrator add, edit and delete entries, which persist and are audited', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await signIn(page, 'admin', '/');
      await page.getByRole('link', { name: 'Group mapping' }).click();
      await page.getByRole('heading', { name: 'Group mapping', level: 1 }).waitFor();
      await row(page, 'MLGateway.Users').waitFor();
      expect(await page.getByRole('heading', { name: /Entries/ }).textContent()).toContain(
        'the default',
      );

      // Add: a group object id granting MLUsers with a department.
      await page.getByLabel('Matches').selectOption('groupObjectId');
      await page.getByLabel('Value').fill(RESEARCH_GROUP);
      await page.getByLabel('Grants group').selectOption('MLUsers');
      await page.getByLabel('Department (optional)').fill('research');
      await page.getByRole('button', { name: 'Add entry' }).click();
      await page.getByText(`Added ${RESEARCH_GROUP}.`).waitFor();
      await expect(row(page, RESEARCH_GROUP).textContent()).resolves.toContain('research');

      // Edit by keyboard: Enter on Edit puts the focus in the value; Enter in a field saves.
      await page.getByRole('button', { name: 'Edit MLGateway.ReadOnly' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Edit entry 3' }).waitFor();
      await expect.poll(() => focusedId(page)).toBe('entry-value');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('entry-department');
      await page.keyboard.type('audit');
      await page.keyboard.press('Enter');
      await page.getByText('Saved MLGateway.ReadOnly.').waitFor();

      // A refused value is explained beside its input.
      await page.getByLabel('Value').fill('two words');
      await page.getByRole('button', { name: 'Add entry' }).click();
      await page.getByText('An app-role value has no spaces').waitFor();
      expect(await page.getByLabel('Value').getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'group-mapping-desktop');
      expect(await seriousFindings(page)).toEqual([]);

      await page.reload();
      await row(page, RESEARCH_GROUP).waitFor();
      await expect(row(page, RESEARCH_GROUP).textContent()).resolves.toContain('MLUsers');
      await expect(row(page, 'MLGateway.ReadOnly').textContent()).resolves.toContain('audit');
      expect(await page.getByRole('heading', { name: /Entries/ }).textContent()).toContain(
        'version 2',
      );

      // Delete after a confirmation; Escape on it cancels first.
      await page.getByRole('button', { name: 'Delete MLGateway.Administrators' }).click();
      const confirm = page.getByRole('button', { name: 'Confirm delete MLGateway.Administrators' });
      // The focus moves after the next render: poll, as a person's next key press would find it.
      await expect.poll(() => focusedName(page)).toBe('Confirm delete MLGateway.Administrators');
      await page.keyboard.press('Escape');
      await expect.poll(() => focusedName(page)).toBe('Delete MLGateway.Administrators');
      await page.getByRole('button', { name: 'Delete MLGateway.Administrators' }).click();
      await confirm.click();
      await page.getByText('Deleted MLGateway.Administrators.').waitFor();
      expect(await row(page, 'MLGateway.Administrators').count()).toBe(0);

      await page.setViewportSize(PHONE);
      await screenshot(page, 'group-mapping-phone');
      expect(await seriousFindings(page)).toEqual([]);
      await page.setViewportSize(DESKTOP);

      await page.getByRole('link', { name: 'Audit log' }).first().click();
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      const changes = page.getByRole('list', { name: 'Changes' });
      await changes.first().waitFor();
      const text = (await changes.allTextContents()).join('\n');
      expect(text).toContain(`groupObjectId:${RESEARCH_GROUP}: none → MLUsers department=research`);
      expect(text).toContain('appRole:MLGateway.ReadOnly: ReadOnly → ReadOnly department=audit');
      expect(text).toContain('appRole:MLGateway.Administrators: Administrators → removed');
      await expect(
        page.getByRole('row').filter({ hasText: 'PUT /admin/group-mapping' }).first().textContent(),
      ).resolves.toContain('admin');
      await screenshot(page, 'group-mapping-audit');
    });
  });

  it('refuses a member the page (no link, sent home) and the API', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/admin/group-mapping');
      await page.getByRole('alert').filter({ hasText: 'Your role may not open' }).waitFor();
      expect(page.url()).not.toContain('/admin/group-mapping');
      expect(await page.getByRole('link', { name: 'Group mapping' }).count()).toBe(0);
    });
    const token = await app.stack.signIn('mluser');
    const url = `${app.stack.apiUrl}admin/group-mapping`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await fetch(url, { headers })).status).toBe(403);
    const put = await fetch(url, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ version: 0, entries: [] }),
    });
    expect(put.status).toBe(403);
  });
});
