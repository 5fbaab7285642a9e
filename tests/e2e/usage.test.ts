/**
 * Usage and history against local mode: the routes through the API emulator (real authorizer,
 * usage function, dynalite), and the pages in Chromium — the history sidebar in chat, My usage
 * and the admin Usage report — each screenshotted and checked with axe-core.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const { withPage, signIn } = app;

/** Calls the gateway as a seeded user. */
async function api(username: string, method: string, path: string, body?: unknown) {
  const token = await app.stack.signIn(username);
  const response = await fetch(`${app.stack.apiUrl}${path.replace(/^\//, '')}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data: { day: { limitTokens: number } } },
  };
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

describe('usage and history routes through the gateway', () => {
  it('keeps each conversation to its owner, and the report to Administrators', async () => {
    const id = 'e2e-private-conversation';
    const saved = await api('mluser', 'PUT', `/history/conversations/${id}`, {
      modelId: 'local.echo',
      messages: [{ role: 'user', content: 'mluser only' }],
    });
    expect(saved.status).toBe(200);
    expect((await api('mluser', 'GET', `/history/conversations/${id}`)).status).toBe(200);

    const foreign = await api('admin', 'GET', `/history/conversations/${id}`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('mluser only');
    expect((await api('admin', 'DELETE', `/history/conversations/${id}`)).status).toBe(404);
    expect((await api('mluser', 'GET', `/history/conversations/${id}`)).status).toBe(200);

    // The gateway's authorizer turns these away before the function runs.
    expect((await api('readonly', 'GET', '/history/conversations')).status).toBe(403);
    expect((await api('mluser', 'GET', '/usage/report')).status).toBe(403);
    expect((await api('admin', 'GET', '/usage/report')).status).toBe(200);
    const own = await api('readonly', 'GET', '/usage/me');
    expect(own.status).toBe(200);
    expect(own.body['data'].day.limitTokens).toBe(0);
  });
});

describe('usage and history pages', () => {
  it('a chat is saved to the sidebar, renamed there, and counted on My usage', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'history check one two three');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      const sidebar = page.getByRole('navigation', { name: 'History' });
      await sidebar
        .getByRole('button', { name: 'history check one two three', exact: true })
        .waitFor();
      await expectAccessible(page, 'chat-with-history');

      await sidebar.getByRole('button', { name: 'Rename history check one two three' }).click();
      await sidebar.getByLabel('New title').fill('Renamed in e2e');
      await sidebar.getByRole('button', { name: 'Save' }).click();
      await sidebar.getByRole('button', { name: 'Renamed in e2e', exact: true }).waitFor();

      await page.getByRole('link', { name: 'My usage' }).click();
      await page.getByRole('heading', { name: 'My usage' }).waitFor();
      await page.getByRole('rowheader', { name: 'local.echo' }).waitFor();
      const today = page.getByRole('progressbar', { name: 'Your daily budget', exact: true });
      expect(Number(await today.getAttribute('value'))).toBeGreaterThan(0);
      await expectAccessible(page, 'my-usage');
    });
  });

  it('an administrator sees usage per user with a chart; others are turned away', async () => {
    const call = await api('mluser', 'POST', '/ml/bedrock', {
      modelId: 'local.echo',
      prompt: 'a call for the report',
    });
    expect(call.status).toBe(200);
    await withPage(async (page) => {
      await signIn(page, 'admin', '/admin/usage');
      await page.getByRole('heading', { name: 'Usage report' }).waitFor();
      await page.getByRole('img', { name: 'Tokens per day, all users' }).waitFor();
      await page
        .getByRole('region', { name: 'By user' })
        .getByRole('rowheader', { name: 'mluser' })
        .waitFor();
      await expectAccessible(page, 'admin-usage');
    });
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/admin/usage');
      await page.getByRole('heading', { name: 'Usage report' }).waitFor({ state: 'detached' });
      expect(page.url()).not.toContain('/admin/usage');
    });
  });
});
