/**
 * The chat by keyboard and in both themes (issue 15), in Chromium against local mode: Enter
 * sends and Shift+Enter adds a line, Esc stops an answer, Alt+Shift+N starts a new
 * conversation; the theme follows the system, the switch pins one across reloads, and axe
 * finds nothing serious on the chat in either theme.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import {
  axeViolations,
  ECHO_MODEL_LABEL,
  MARKDOWN_MODEL_LABEL,
  screenshot,
  sendChatPrompt,
} from './browser.ts';
import { useLocalApp } from './local-app.ts';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const app = useLocalApp();
const { withPage, signIn } = app;

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** The page's background as the user sees it: the `<html>` element's computed colour. */
const pageBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Relative luminance of a CSS `rgb()` colour: 0 (black) to 1 (white). */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const seriousFindings = async (page: Page) =>
  (await axeViolations(page)).filter((finding) =>
    ['serious', 'critical'].includes(finding.impact ?? ''),
  );

describe('issue 15: the chat by keyboard', () => {
  it('Enter sends, Shift+Enter adds a line, and the keys are written on the page', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await page.getByText('Enter sends, Shift+Enter adds a line.').waitFor();
      // Enter sends only once a model is chosen: wait for the model list, as a person would.
      await page.getByLabel('Model', { exact: true }).selectOption({ label: ECHO_MODEL_LABEL });
      const message = page.getByLabel('Message', { exact: true });
      await message.click();
      await page.keyboard.type('first line');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('second line');
      expect(await message.inputValue()).toBe('first line\nsecond line');
      await page.keyboard.press('Enter');
      const answer = page.locator('app-chat-answer').last();
      await answer.getByTestId('usage').waitFor({ timeout: 15_000 });
      expect(await message.inputValue()).toBe('');
      // The echo keeps the line break: two lines reached the model as one message.
      expect(await answer.locator('.markdown').textContent()).toContain('first line');
      expect(await answer.locator('.markdown').textContent()).toContain('second line');
      expect(await page.locator('app-chat-answer').count()).toBe(1);
    });
  });

  it('Esc stops a streaming answer (not from another field) and the focus returns to the message box', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      const words = Array.from({ length: 300 }, (_, index) => `s${index}`).join(' ');
      await sendChatPrompt(page, `${words} [[fault:slow]]`);
      const answer = page.locator('app-chat-answer').last();
      await expect
        .poll(async () => (await answer.locator('.markdown').textContent())?.includes('s2'))
        .toBe(true);
      // Esc in another field is that field's own: it clears the search, the answer goes on.
      const search = page.getByLabel('Search conversations');
      await search.fill('abc');
      await search.press('Escape');
      expect(await search.inputValue()).toBe('');
      expect(await answer.locator('article').getAttribute('aria-busy')).toBe('true');
      await page.getByLabel('Message', { exact: true }).focus();
      await page.keyboard.press('Escape');
      await answer.getByText('Stopped.').waitFor();
      expect(await focusedId(page)).toBe('prompt');
      expect(await answer.locator('.markdown').textContent()).not.toContain('s299');
    });
  });

  it('Alt+Shift+N starts a new conversation from anywhere on the page', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'an old conversation');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await page.waitForURL(/\/chat\/[A-Za-z0-9_-]{8,64}$/);
      await page.getByRole('button', { name: 'Copy answer' }).focus();
      await page.keyboard.press('Alt+Shift+KeyN');
      await expect.poll(() => page.locator('app-chat-answer').count()).toBe(0);
      await page.waitForURL((url) => url.pathname === '/chat');
      expect(await focusedId(page)).toBe('prompt');
      const button = page.getByRole('button', { name: 'New conversation' });
      expect(await button.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+N');
      await page.getByText('Alt+Shift+N starts a new conversation.').waitFor();
    });
  });
});

describe('issue 15: dark mode', () => {
  it('follows the system; the switch pins a theme that survives a reload', async () => {
    await withPage(async (page) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await signIn(page, 'mluser', '/chat');
      await page.getByLabel('Message', { exact: true }).waitFor();
      expect(luminance(await pageBackground(page))).toBeLessThan(0.05);
      const theme = page.getByLabel('Theme');
      expect(await theme.inputValue()).toBe('system');
      await theme.selectOption({ label: 'Light' });
      await expect.poll(async () => luminance(await pageBackground(page))).toBeGreaterThan(0.8);
      await page.reload();
      await page.getByLabel('Message', { exact: true }).waitFor();
      expect(await page.getByLabel('Theme').inputValue()).toBe('light');
      expect(luminance(await pageBackground(page))).toBeGreaterThan(0.8);
      // Dark, pinned, on a light system.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByLabel('Theme').selectOption({ label: 'Dark' });
      await expect.poll(async () => luminance(await pageBackground(page))).toBeLessThan(0.05);
      await page.getByLabel('Theme').selectOption({ label: 'System' });
      await expect.poll(async () => luminance(await pageBackground(page))).toBeGreaterThan(0.8);
    });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the chat with code, a table and history has no serious axe finding (${scheme})`, async () => {
      await withPage(async (page) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(DESKTOP);
        await signIn(page, 'mluser', '/chat');
        await sendChatPrompt(page, 'accessible in every theme', MARKDOWN_MODEL_LABEL);
        const answer = page.locator('app-chat-answer').last();
        await answer.getByTestId('usage').waitFor({ timeout: 15_000 });
        await answer.locator('.hljs-keyword').first().waitFor({ timeout: 10_000 });
        await page.getByText('Conversation settings').click();
        await page.getByLabel('System prompt').waitFor();
        expect(await seriousFindings(page)).toEqual([]);
        await screenshot(page, `chat-${scheme}-desktop`);
        await page.setViewportSize(PHONE);
        expect(await seriousFindings(page)).toEqual([]);
        await screenshot(page, `chat-${scheme}-phone`);
      });
    });
  }
});
