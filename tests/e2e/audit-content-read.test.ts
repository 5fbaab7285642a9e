/**
 * Reading captured content in Chromium against local mode (sandbox audit policy: MLUsers'
 * content hashed, Administrators' encrypted with the local KMS): the admin audit page's
 * "Read content" asks for a reason and shows the content only after the server recorded the
 * read; the record's owner then sees who read it, when and why on My usage. And the chat's
 * "Show masked values" on an answer whose policy returned restorable values. Screenshots at
 * 1440×900 and 390×844.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const { withPage, signIn } = app;
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** A Bedrock call as a seeded user: its request id (the audit record's). */
async function modelCall(username: string, prompt: string): Promise<string> {
  const token = await app.stack.signIn(username);
  const response = await fetch(`${app.stack.apiUrl}ml/bedrock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ modelId: 'local.echo', prompt }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { requestId: string }).requestId;
}

/** The audit page's row of `requestId` (filtered to the user's model calls). */
async function auditRow(page: Page, username: string, requestId: string) {
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Kind').selectOption('model-call');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: requestId });
  await row.waitFor({ timeout: 15_000 });
  return row;
}

describe('reading captured content with a reason', () => {
  it('asks the administrator for a reason, shows the content after, and tells the owner', async () => {
    const secret = `quarterly figures ${Date.now()}`;
    const adminRequest = await modelCall('admin', secret);
    const userRequest = await modelCall('mluser', 'a prompt kept only as a hash');
    const reason = 'Ticket SEC-42: investigating a reported leak';

    await withPage(async (page) => {
      await signIn(page, 'admin', '/admin/audit');
      const row = await auditRow(page, 'admin', adminRequest);
      await row.getByRole('button', { name: 'Read content' }).click();
      const dialog = page.getByRole('dialog', { name: 'Read captured content' });
      await dialog.waitFor();
      const read = dialog.getByRole('button', { name: 'Record reason and read' });
      expect(await read.isDisabled()).toBe(true);
      await dialog.getByLabel('Reason (ticket and purpose)').fill(reason);
      expect(await page.getByText(secret).count()).toBe(0); // nothing before the reason
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, `audit-read-reason-${size.name}`);
      }
      expect(await axeViolations(page)).toEqual([]);
      await read.click();
      const content = dialog.getByLabel('Captured content');
      await content.waitFor();
      expect(await content.textContent()).toContain(secret);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, `audit-read-content-${size.name}`);
      }
      await dialog.getByRole('button', { name: 'Close' }).click();
      // Forgotten with the dialog (its close event comes a task later).
      await expect.poll(() => page.getByText(secret).count()).toBe(0);

      // A hashed capture answers its hash; the read is recorded all the same.
      await page.setViewportSize(SIZES[0]);
      const hashed = await auditRow(page, 'mluser', userRequest);
      await hashed.getByRole('button', { name: 'Read content' }).click();
      await dialog.getByLabel('Reason (ticket and purpose)').fill(reason);
      await dialog.getByRole('button', { name: 'Record reason and read' }).click();
      expect(await dialog.getByLabel('Content hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
      await dialog.getByRole('button', { name: 'Close' }).click();
    });

    await withPage(async (page) => {
      await signIn(page, 'mluser', '/usage');
      const reads = page.getByRole('table', { name: 'Who read my content' });
      const row = reads.getByRole('row').filter({ hasText: userRequest });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('admin');
      expect(await row.textContent()).toContain(reason);
      await row.scrollIntoViewIfNeeded();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, `usage-who-read-${size.name}`);
      }
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

describe('restoring masked values in the chat', () => {
  it('shows the placeholders, and the values only when the user asks', async () => {
    await withPage(async (page) => {
      // The gateway's side (numbered placeholders, maskedValues on `done`) is proven in
      // amplify/functions/ml-processor/guardrails.test.ts; local mode's catalog names no
      // restoring policy, so the real stream's answer is rewritten into what one would send.
      await page.route('**/ml/bedrock/stream', async (route) => {
        const response = await route.fetch();
        const lines = [
          { type: 'delta', text: 'I will write to [EMAIL_1] and call [PHONE_1].' },
          {
            type: 'done',
            stopReason: 'end_turn',
            usage: { inputTokens: 9, outputTokens: 9 },
            maskedValues: { '[EMAIL_1]': 'jane.doe@example.com', '[PHONE_1]': '+44 20 7946 0958' },
          },
        ];
        await route.fulfill({
          response,
          body: lines.map((line) => JSON.stringify(line)).join('\n') + '\n',
        });
      });
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'write to jane.doe@example.com and call +44 20 7946 0958');
      const answer = page.locator('app-chat-answer').last();
      const toggle = answer.getByRole('button', { name: 'Show masked values (2)' });
      await toggle.waitFor({ timeout: 15_000 });
      expect(await answer.locator('.markdown').textContent()).toContain('[EMAIL_1]');
      await toggle.click();
      await expect
        .poll(() => answer.locator('.markdown').textContent())
        .toContain('I will write to jane.doe@example.com and call +44 20 7946 0958.');
      expect(
        await answer
          .getByRole('button', { name: 'Hide masked values (2)' })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await screenshot(page, `chat-masked-values-${size.name}`);
      }
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
