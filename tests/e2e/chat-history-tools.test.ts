/**
 * Finding and keeping conversations (issue 15), in Chromium against local mode: search over
 * titles and messages, by keyboard, going on past the pages one search reads; export of the
 * open conversation as Markdown and as JSON.
 */
import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { ECHO_MODEL_LABEL, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const { withPage, signIn } = app;

interface Seed {
  readonly id: string;
  readonly title: string;
  readonly question: string;
}

/** Saves conversations for the signed-in user through the history API, oldest first. */
async function seed(page: Page, conversations: readonly Seed[]): Promise<void> {
  // The signed-in user's token, used from the test: hundreds of saves in a row meet the API's
  // throttle, and a 429 is waited out here (as a client should), not failed.
  const token = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.endsWith('.accessToken'));
    return sessionStorage.getItem(key ?? '');
  });
  for (const { id, title, question } of conversations) {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${app.stack.apiUrl}history/conversations/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          modelId: 'local.echo',
          title,
          messages: [
            { role: 'user', content: question },
            { role: 'assistant', content: 'an answer' },
          ],
        }),
      });
      if (response.ok) break;
      if (response.status !== 429 || attempt >= 20)
        throw new Error(`seeding answered ${response.status}`);
      const wait = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 0.2) * 1000));
    }
  }
}

const listedTitles = async (page: Page) =>
  (
    await page.getByRole('navigation', { name: 'History' }).locator('li .open').allTextContents()
  ).map((title) => title.trim());

describe('issue 15: search conversations', () => {
  it('finds conversations by title or by what was said, in any case, by keyboard', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await seed(page, [
        { id: 'search-budget', title: 'Budget plan', question: 'What is our budget?' },
        { id: 'search-holiday', title: 'Holiday ideas', question: 'Where to go in May?' },
        { id: 'search-security', title: 'Security notes', question: 'How is the KMS key rotated?' },
      ]);
      await page.reload();
      await page.getByRole('button', { name: 'Holiday ideas', exact: true }).waitFor();
      // From "New conversation", the next Tab stop is the search field.
      await page.getByRole('button', { name: 'New conversation' }).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('history-search');
      await page.keyboard.type('HOLIDAY');
      await expect.poll(() => listedTitles(page)).toEqual(['Holiday ideas']);
      // A word of a message, not of the title.
      await page.getByLabel('Search conversations').fill('rotated');
      await expect.poll(() => listedTitles(page)).toEqual(['Security notes']);
      await page.getByLabel('Search conversations').fill('zebra');
      await page.getByText('No conversation matches “zebra”.').waitFor();
      // Esc empties the field and lists every conversation again.
      await page.getByLabel('Search conversations').press('Escape');
      await expect.poll(async () => (await listedTitles(page)).length).toBe(3);
      expect(await page.getByLabel('Search conversations').inputValue()).toBe('');
    });
  });

  it('goes on past the conversations one search reads, on request', async () => {
    await withPage(async (page) => {
      await signIn(page, 'admin', '/chat');
      // The oldest conversation holds the word; 205 newer ones do not (one search reads 200).
      await seed(page, [
        { id: 'deep-needle', title: 'An old one', question: 'the word is haystack-needle' },
        ...Array.from({ length: 205 }, (_, index) => ({
          id: `deep-filler-${String(index).padStart(3, '0')}`,
          title: `Filler ${index}`,
          question: `nothing to see ${index}`,
        })),
      ]);
      await page.reload();
      await page.getByLabel('Search conversations').fill('haystack-needle');
      await page.getByText('No conversation so far matches “haystack-needle”.').waitFor();
      await page.getByRole('button', { name: 'Search older conversations' }).click();
      await expect.poll(() => listedTitles(page)).toEqual(['An old one']);
      expect(await page.getByRole('button', { name: 'Search older conversations' }).count()).toBe(
        0,
      );
    });
  });
});

describe('issue 15: export a conversation', () => {
  it('downloads the open conversation as Markdown and as JSON', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'Export me please');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await sendChatPrompt(page, 'and a second turn');
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();

      const [markdownFile] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export Markdown' }).click(),
      ]);
      expect(markdownFile.suggestedFilename()).toBe('export-me-please.md');
      const markdown = readFileSync((await markdownFile.path())!, 'utf8');
      expect(markdown).toMatch(/^# Export me please\n/);
      expect(markdown).toContain('## You\n\nExport me please\n');
      expect(markdown).toContain(`## ${ECHO_MODEL_LABEL}\n\nand a second turn\n`);

      const [jsonFile] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export JSON' }).click(),
      ]);
      expect(jsonFile.suggestedFilename()).toBe('export-me-please.json');
      const exported = JSON.parse(readFileSync((await jsonFile.path())!, 'utf8')) as {
        title: string;
        conversationId: string;
        messages: { role: string; content: string; model?: string }[];
      };
      expect(exported.title).toBe('Export me please');
      expect(page.url()).toContain(exported.conversationId);
      expect(exported.messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
      expect(exported.messages[3]).toEqual({
        role: 'assistant',
        content: 'and a second turn',
        model: ECHO_MODEL_LABEL,
        // What the ledger charged for the answer (local prices are set).
        costNanoUsd: expect.any(Number),
      });
    });
  });
});
