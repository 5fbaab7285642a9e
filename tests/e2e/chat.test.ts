/**
 * The chat as a person meets it (issue 15's defects), in Chromium against local mode: the answer
 * stays in view while it streams, leaving mid-stream keeps the exchange, a long conversation goes
 * on, conversations have URLs, the skip link, more history, the model per turn, the messages,
 * focus in the history, one Tab stop for the list, long strings and Markdown.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

/** The processors' model deadline in this run, so the 504 test waits seconds, not 25 s. */
const UPSTREAM_TIMEOUT_MS = 3_000;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const app = useLocalApp({ env: { UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS) } });
const { withPage, signIn } = app;

const wordList = (count: number, stem = 'w') =>
  Array.from({ length: count }, (_, index) => `${stem}${index}`).join(' ');

/** Saves `count` conversations for the signed-in user straight through the history API. */
async function seedConversations(page: Page, count: number, prefix: string): Promise<void> {
  await page.evaluate(
    async ({ apiUrl, count, prefix }) => {
      const key = Object.keys(sessionStorage).find((name) => name.endsWith('.accessToken'));
      const token = sessionStorage.getItem(key ?? '');
      for (let index = 0; index < count; index++) {
        const id = `${prefix}-${String(index).padStart(4, '0')}`;
        const response = await fetch(`${apiUrl}history/conversations/${id}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            modelId: 'local.echo',
            title: `${prefix} ${index}`,
            messages: [
              { role: 'user', content: `question ${index}` },
              { role: 'assistant', content: `answer ${index}` },
            ],
          }),
        });
        if (!response.ok) throw new Error(`seeding answered ${response.status}`);
      }
    },
    { apiUrl: app.stack.apiUrl, count, prefix },
  );
}

/** The box of `selector`'s last match relative to the viewport. */
async function viewportBox(page: Page, selector: string) {
  return page
    .locator(selector)
    .last()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, height: box.height };
    });
}

/** True when the newest answer's last line is on screen and not under the composer. */
async function latestAnswerInView(page: Page): Promise<boolean> {
  const answer = await viewportBox(page, 'app-chat-answer .answer');
  const composer = await viewportBox(page, 'form.composer');
  const floor = Math.min(composer.top, DESKTOP.height);
  return answer.bottom > 0 && answer.bottom <= floor + 1;
}

const focusedText = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return `${element?.tagName ?? ''}:${element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? ''}`;
  });

describe('issue 15: the chat follows the conversation', () => {
  it('1: follows a streamed answer, stops when the user scrolls up, offers jump to latest', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await signIn(page, 'mluser', '/chat');
      // A first long turn makes the page taller than the screen.
      await sendChatPrompt(page, wordList(700, 'long'));
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await page.getByLabel('Message').fill(`${wordList(250)} [[fault:slow]]`);
      await page.getByRole('button', { name: 'Send' }).click();
      const answer = page.locator('app-chat-answer').last().locator('.markdown');
      await expect
        .poll(async () => (await answer.textContent())?.includes('w5') ?? false)
        .toBe(true);
      await expect.poll(() => latestAnswerInView(page), { timeout: 5_000 }).toBe(true);
      // Scrolling up stops the following; a button offers the way back.
      await page.mouse.move(700, 300);
      await page.mouse.wheel(0, -1200);
      const jump = page.getByRole('button', { name: 'Jump to latest' });
      await jump.waitFor();
      await page.waitForTimeout(800);
      expect(await latestAnswerInView(page)).toBe(false);
      await jump.click();
      await expect.poll(() => latestAnswerInView(page), { timeout: 5_000 }).toBe(true);
      await screenshot(page, 'chat-follow-desktop');
    });
  });

  it('2: the skip link moves focus to the page content and stays on the page', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await page.getByLabel('Message').waitFor();
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('A:Skip to content');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      expect(new URL(page.url()).pathname).toMatch(/^\/chat/);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.getByRole('heading', { name: 'Chat', level: 1 }).waitFor();
    });
  });
});

describe('issue 15: keeping the conversation', () => {
  it('4: leaving Chat mid-stream keeps the exchange in the history', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, `Leaving midway ${wordList(300)} [[fault:slow]]`);
      const answer = page.locator('app-chat-answer').last().locator('.markdown');
      await expect
        .poll(async () => (await answer.textContent())?.includes('w3') ?? false, {
          timeout: 15_000,
        })
        .toBe(true);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Home' })
        .click();
      await page.getByRole('heading', { name: 'Welcome to ML Gateway' }).waitFor();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Chat' })
        .click();
      const saved = page.getByRole('button', { name: /^Leaving midway/ });
      await saved.first().waitFor({ timeout: 10_000 });
      await saved.first().click();
      await expect
        .poll(async () => (await page.getByRole('log').textContent()) ?? '')
        .toContain('Leaving midway w0 w1');
    });
  });

  it('4: leaving Chat before the first token keeps the prompt in the history', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'Left before any answer [[fault:timeout]]');
      await page.getByText('Waiting for the first token…').waitFor();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Home' })
        .click();
      await page.getByRole('heading', { name: 'Welcome to ML Gateway' }).waitFor();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Chat' })
        .click();
      const saved = page.getByRole('button', { name: /^Left before any answer/ });
      await saved.first().waitFor({ timeout: 10_000 });
      await saved.first().click();
      await expect
        .poll(async () => (await page.getByRole('log').textContent()) ?? '')
        .toContain('Left before any answer');
      await page.getByRole('log').getByText('Stopped.').waitFor();
    });
  });

  it('5: a long conversation goes on (older turns left out, and said so)', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      // 150 words of 100 characters: 15,150 characters, and as many back (the echo's limit is 20,000).
      const long = Array.from({ length: 150 }, (_, index) =>
        `${index}`.padStart(3, '0').padEnd(100, 'x'),
      ).join(' ');
      await sendChatPrompt(page, long);
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await page.getByLabel('Message').fill('What did I ask just now?');
      await page.getByRole('button', { name: 'Send' }).click();
      const last = page.locator('app-chat-answer').nth(1);
      await last.getByTestId('usage').waitFor({ timeout: 10_000 });
      expect(await last.locator('.markdown').textContent()).toContain('What did I ask just now?');
      expect(await last.getByTestId('trimmed').textContent()).toMatch(/1 earlier turn/);
    });
  });

  it('5: a failed send keeps the text in the composer and offers Retry', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      const prompt = 'Keep this text [[fault:model-error]]';
      await sendChatPrompt(page, prompt);
      const last = page.locator('app-chat-answer').last();
      await last.getByRole('alert').waitFor();
      expect(await page.getByLabel('Message').inputValue()).toBe(prompt);
      // Nothing was saved, so the URL does not name a conversation a reload could not find.
      expect(new URL(page.url()).pathname).toBe('/chat');
      await last.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => page.locator('app-chat-answer').count()).toBe(1);
      await page.locator('app-chat-answer').last().getByRole('alert').waitFor();
    });
  });

  it('14: a conversation has a URL that survives a reload', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'Deep link please');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await page.waitForURL(/\/chat\/[A-Za-z0-9_-]{8,64}$/);
      const url = page.url();
      await page.reload();
      await expect
        .poll(async () => (await page.getByRole('log').textContent()) ?? '', { timeout: 10_000 })
        .toContain('Deep link please');
      expect(page.url()).toBe(url);
    });
  });

  it('6: reopened history credits each answer to the model that gave it', async () => {
    await withPage(async (page) => {
      await signIn(page, 'admin', '/chat');
      await sendChatPrompt(page, 'first model turn');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await sendChatPrompt(page, 'second model turn here', 'Local summarizer (administrators)');
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'New conversation' }).click();
      await page
        .getByRole('button', { name: /^first model turn/ })
        .first()
        .click();
      const labels = page.locator('app-chat-answer .answer h2');
      await expect.poll(() => labels.count()).toBe(2);
      expect(await labels.allTextContents()).toEqual([
        'Local echo (streams your words back)',
        'Local summarizer (administrators)',
      ]);
    });
  });

  it('3: the history loads more than one page', async () => {
    await withPage(async (page) => {
      await signIn(page, 'admin', '/chat');
      await seedConversations(page, 55, 'paged');
      await page.reload();
      const items = page.locator('app-history-sidebar li');
      await expect.poll(() => items.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(50);
      const before = await items.count();
      await page.getByRole('button', { name: 'Load more conversations' }).click();
      await expect.poll(() => items.count()).toBeGreaterThan(before);
      expect(await page.getByRole('button', { name: 'paged 0', exact: true }).count()).toBe(1);
    });
  });
});

describe('issue 15: what the messages say', () => {
  it('12: a streamed timeout does not claim streams are never cut off', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'wait forever [[fault:timeout]]');
      const alert = page.locator('app-chat-answer').last().getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('did not answer in time');
      expect(text).not.toMatch(/not cut off|waits for the whole answer/);
    });
  });

  it('12: an answer cut at the output limit is flagged', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      // The echo model's output limit is 1,000 tokens (words).
      await sendChatPrompt(page, wordList(1010, 'c'));
      const last = page.locator('app-chat-answer').last();
      await last.getByTestId('usage').waitFor({ timeout: 15_000 });
      expect(await last.getByTestId('cut-off').textContent()).toContain('output limit');
    });
  });
});

describe('issue 15: keyboard and focus', () => {
  it('10: focus stays in the history after Rename, Cancel and Delete; Escape cancels', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await seedConversations(page, 3, 'focus');
      await page.reload();
      const nav = page.getByRole('navigation', { name: 'History' });
      await nav.getByRole('button', { name: 'focus 1', exact: true }).click();
      await nav.getByRole('button', { name: 'Rename focus 1' }).click();
      await page.getByLabel('New title').fill('renamed one');
      await page.getByLabel('New title').press('Enter');
      await expect.poll(() => focusedText(page)).toBe('BUTTON:renamed one');
      await nav.getByRole('button', { name: 'Rename renamed one' }).click();
      await page.getByLabel('New title').press('Escape');
      await expect.poll(() => page.getByLabel('New title').count()).toBe(0);
      // Focus returns after the next render: poll, as a person's next key press would find it.
      await expect.poll(() => focusedText(page)).toBe('BUTTON:Rename renamed one');
      await nav.getByRole('button', { name: 'Delete renamed one' }).click();
      await nav.getByRole('button', { name: 'Cancel delete' }).click();
      await expect.poll(() => focusedText(page)).toBe('BUTTON:Delete renamed one');
      await nav.getByRole('button', { name: 'Delete renamed one' }).click();
      await nav.getByRole('button', { name: 'Confirm delete renamed one' }).click();
      await expect.poll(() => nav.getByRole('button', { name: 'renamed one' }).count()).toBe(0);
      const inHistory = await page.evaluate(
        () => document.activeElement?.closest('app-history-sidebar') !== null,
      );
      expect(inHistory).toBe(true);
    });
  });

  it("10: the header's focus ring has at least 3:1 contrast", async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await page.getByLabel('Message').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const colours = await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement;
        const header = focused.closest('header')!;
        return {
          ring: getComputedStyle(focused).outlineColor,
          background: getComputedStyle(header).backgroundColor,
        };
      });
      expect(contrast(colours.ring, colours.background)).toBeGreaterThanOrEqual(3);
    });
  });

  it('11: the history list is one Tab stop; on a phone it is a drawer', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await signIn(page, 'mluser', '/chat');
      await seedConversations(page, 12, 'tabs');
      await page.reload();
      await page.getByRole('button', { name: 'tabs 0', exact: true }).waitFor();
      await page.getByRole('button', { name: 'New conversation' }).focus();
      let stops = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== 'prompt' && stops < 60) {
        await page.keyboard.press('Tab');
        stops++;
      }
      expect(stops).toBeLessThanOrEqual(6);
      // Arrow keys move through the list.
      await page.getByRole('button', { name: 'tabs 11', exact: true }).focus();
      await page.keyboard.press('ArrowDown');
      expect(await focusedText(page)).toBe('BUTTON:tabs 10');
      await page.setViewportSize(PHONE);
      await page.reload();
      await page.getByLabel('Message').waitFor();
      const top = await page
        .getByLabel('Message')
        .evaluate((box) => box.getBoundingClientRect().top + window.scrollY);
      expect(top).toBeLessThan(PHONE.height);
      await page.getByRole('button', { name: /History/ }).click();
      await page.getByRole('button', { name: 'tabs 0', exact: true }).waitFor();
      await screenshot(page, 'chat-history-drawer-phone');
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});

describe('issue 15: layout and Markdown', () => {
  it('9: a long unbroken string does not widen the page', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'y'.repeat(3000));
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });

  it('8: tables have borders, quotes a marker, wide code scrolls by keyboard, phone tables keep words', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(PHONE);
      await signIn(page, 'mluser', '/chat');
      await answerWith(page, RICH_MARKDOWN);
      await sendChatPrompt(page, 'show me Markdown');
      const markdown = page.locator('app-chat-answer').last().locator('.markdown');
      await markdown.locator('table').waitFor();
      const styles = await markdown.evaluate((root) => ({
        cell: getComputedStyle(root.querySelector('td')!).borderTopWidth,
        quote: getComputedStyle(root.querySelector('blockquote')!).borderLeftWidth,
        codeTabIndex: root.querySelector('pre')!.tabIndex,
        wordLines: (() => {
          const cell = [...root.querySelectorAll('td')].find((td) =>
            td.textContent?.includes('Incomprehensibilities'),
          )!;
          const range = document.createRange();
          range.selectNodeContents(cell);
          return range.getClientRects().length;
        })(),
      }));
      expect(styles.cell).not.toBe('0px');
      expect(styles.quote).not.toBe('0px');
      expect(styles.codeTabIndex).toBe(0);
      expect(styles.wordLines).toBe(1);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'chat-markdown-phone');
      expect(
        (await axeViolations(page)).filter((finding) =>
          ['serious', 'critical'].includes(finding.impact ?? ''),
        ),
      ).toEqual([]);
    });
  });
});

const RICH_MARKDOWN = [
  '| Name | Description | Count |',
  '| --- | --- | --- |',
  '| Alpha | Incomprehensibilities | 1 |',
  '| Beta | Characteristically | 22 |',
  '',
  '> A quoted line.',
  '',
  '```ts',
  `const wide = '${'z'.repeat(300)}';`,
  '```',
].join('\n');

/** Answers the next chat stream with `markdown` (the local echo cannot send line breaks). */
async function answerWith(page: Page, markdown: string): Promise<void> {
  const origin = new URL(app.stack.appUrl).origin;
  const cors = {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'POST, OPTIONS',
  };
  await page.route('**/ml/bedrock/stream', async (route) => {
    if (route.request().method() === 'OPTIONS') {
      await route.fulfill({ status: 204, headers: cors });
      return;
    }
    const lines = [
      { type: 'delta', text: markdown },
      {
        type: 'done',
        stopReason: 'end_turn',
        usage: { inputTokens: 3, outputTokens: 40 },
        latencyMs: 5,
      },
    ];
    await route.fulfill({
      status: 200,
      headers: { ...cors, 'content-type': 'application/x-ndjson' },
      body: lines.map((line) => JSON.stringify(line)).join('\n') + '\n',
    });
  });
}

/** WCAG contrast ratio of two CSS `rgb()`/`rgba()` colours. */
function contrast(first: string, second: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('issue 15: ReadOnly and the SageMaker page', () => {
  it('7: a ReadOnly user is told plainly, without an empty picker or a spent budget', async () => {
    await withPage(async (page) => {
      await signIn(page, 'readonly', '/chat');
      await page.getByText('Your role may not chat with models.').waitFor();
      expect(await page.getByLabel('Model', { exact: true }).count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toContain('below');
      await page.goto(`${app.stack.appUrl}/inference`);
      await page.getByText('Your role may not invoke endpoints.').waitFor();
      expect(await page.getByLabel('Endpoint').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toContain('below');
      await page.goto(`${app.stack.appUrl}/usage`);
      await page.getByRole('heading', { name: 'My usage' }).waitFor();
      await page.waitForTimeout(1_000);
      expect(await page.locator('main').textContent()).not.toContain('Budget used up');
      expect(await page.locator('main').textContent()).not.toMatch(/\b0 of 0\b/);
    });
  });

  it('13: a sync call shows progress; a 504 names each mode once', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local sentiment (JSON)' });
      await page.getByLabel('Input (JSON)').fill('{"inputs": "wait [[fault:timeout]]"}');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByText(/Waiting for Local sentiment \(JSON\) to answer/).waitFor();
      await page.getByRole('alert').waitFor({ timeout: 15_000 });
      expect(await page.locator('main').textContent()).not.toContain('(streaming) (streaming)');
    });
  });

  it('13: streamed text wraps in the result view', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(PHONE);
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local text generator (streaming)' });
      await page.getByLabel('Input (JSON)').fill(`{"inputs": "${wordList(80, 'stream')}"}`);
      await page.getByRole('button', { name: 'Run' }).click();
      const result = page.getByLabel('Result output');
      await expect.poll(async () => (await result.textContent()) ?? '').toContain('stream79');
      const sideways = await result.evaluate((pre) => pre.scrollWidth - pre.clientWidth);
      expect(sideways).toBeLessThanOrEqual(0);
    });
  });

  it('13: an async job stays listed after leaving the page, and its result can be fetched', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local summarizer (async job)' });
      await page.getByLabel('Input (JSON)').fill('{"inputs": "one two three [[fault:slow]]"}');
      await page.getByRole('button', { name: 'Run' }).click();
      const progress = page.getByText(/Async job (\S+): InProgress/);
      await progress.waitFor();
      const jobId = /Async job (\S+):/.exec((await progress.textContent()) ?? '')![1]!;
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Chat' })
        .click();
      await page.getByLabel('Message').waitFor();
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'SageMaker' })
        .click();
      const jobs = page.getByRole('region', { name: 'Your async jobs' });
      await jobs.getByText(jobId, { exact: false }).waitFor();
      await expect
        .poll(
          async () => {
            const check = jobs.getByRole('button', { name: /Check now|Show result/ });
            if ((await check.count()) > 0) await check.first().click();
            return (await page.getByLabel('Result output').count()) > 0;
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe(true);
      await screenshot(page, 'inference-jobs');
    });
  });
});
