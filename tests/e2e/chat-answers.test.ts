/**
 * What users of other chat apps expect of each answer (issue 15), in Chromium against local
 * mode: code blocks with their language, a Copy button and highlighting under the app's CSP;
 * Regenerate; Edit a prompt and send it again; the conversation's own settings; tokens and how
 * much of the model's input limit the conversation fills.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { ECHO_MODEL_LABEL, MARKDOWN_MODEL_LABEL, screenshot, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const { withPage, signIn } = app;

/** Waits until the newest answer is finished (its token line is shown). */
const lastAnswerDone = (page: Page) =>
  page.locator('app-chat-answer').last().getByTestId('usage').waitFor({ timeout: 15_000 });

/** Records the page's CSP violations from the start (init scripts run before the app). */
async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return () =>
    page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** The JSON bodies the page sends to the chat stream route. */
function recordChatRequests(page: Page): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/ml/bedrock/stream') && request.method() === 'POST')
      bodies.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
  });
  return bodies;
}

describe('issue 15: code in answers', () => {
  it('shows the language, highlights the code under the CSP, and copies the block', async () => {
    await withPage(async (page) => {
      const violations = await recordCspViolations(page);
      await app.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(app.stack.appUrl).origin,
      });
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'alpha beta gamma', MARKDOWN_MODEL_LABEL);
      await lastAnswerDone(page);
      const block = page.locator('app-chat-answer').last().locator('app-code-block');
      await expect.poll(() => block.locator('.code-language').textContent()).toBe('TypeScript');
      // Highlighted: keywords are their own element, in a colour other than the code's.
      const keyword = block.locator('.hljs-keyword').first();
      await keyword.waitFor({ timeout: 10_000 });
      expect(await keyword.textContent()).toBe('const');
      const colours = await keyword.evaluate((element) => ({
        keyword: getComputedStyle(element).color,
        code: getComputedStyle(element.closest('pre')!).color,
      }));
      expect(colours.keyword).not.toBe(colours.code);
      // By keyboard: the Copy button is reached and pressed like any other.
      await block.getByRole('button', { name: 'Copy code' }).focus();
      await page.keyboard.press('Enter');
      await block.getByText('Copied.').waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('const words: string[] = ["alpha","beta","gamma"];');
      expect(copied).not.toContain('<span');
      // The wide block scrolls by keyboard rather than widening the page.
      expect(await block.locator('pre').evaluate((pre) => pre.tabIndex)).toBe(0);
      expect(await violations()).toEqual([]);
      await screenshot(page, 'chat-code-block');
    });
  });

  it('shows unknown languages as plain text, and markup in code as text', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await page.route('**/ml/bedrock/stream', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const text = [
          '```cobol\nDISPLAY "HELLO".\n```',
          '```\nno language\n```',
          '```html\n<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>\n```',
        ].join('\n\n');
        const lines = [
          { type: 'delta', text },
          { type: 'done', stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 4 } },
        ];
        await route.fulfill({
          status: 200,
          headers: {
            'content-type': 'application/x-ndjson',
            'access-control-allow-origin': new URL(app.stack.appUrl).origin,
          },
          body: lines.map((line) => JSON.stringify(line)).join('\n') + '\n',
        });
      });
      await sendChatPrompt(page, 'plain code please');
      await lastAnswerDone(page);
      const blocks = page.locator('app-chat-answer').last().locator('app-code-block');
      await expect.poll(() => blocks.count()).toBe(3);
      expect(await blocks.locator('.code-language').allTextContents()).toEqual([
        'cobol',
        'Text',
        'HTML',
      ]);
      expect(await blocks.first().locator('code').textContent()).toBe('DISPLAY "HELLO".');
      expect(await blocks.nth(1).locator('[class^="hljs-"]').count()).toBe(0);
      // Markup in code is highlighted as text: no element of it reaches the page.
      const html = blocks.nth(2);
      await html.locator('.hljs-tag').first().waitFor({ timeout: 10_000 });
      expect(await html.locator('code').textContent()).toContain('<img src=x onerror=');
      expect(await html.locator('img, script').count()).toBe(0);
      expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    });
  });
});

describe('issue 15: Regenerate and Edit', () => {
  it('Regenerate replaces the newest answer, from the model picked now', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'tell me twice');
      await lastAnswerDone(page);
      const answers = page.locator('app-chat-answer');
      expect(await answers.locator('.answer > h2').textContent()).toBe(ECHO_MODEL_LABEL);
      await page.getByLabel('Model', { exact: true }).selectOption({ label: MARKDOWN_MODEL_LABEL });
      await answers.last().getByRole('button', { name: 'Regenerate' }).click();
      await expect
        .poll(async () => (await answers.last().locator('.markdown').textContent()) ?? '')
        .toContain('Your prompt, in Markdown');
      await lastAnswerDone(page);
      expect(await answers.count()).toBe(1);
      expect(await answers.locator('.prompt').textContent()).toContain('tell me twice');
      expect(await answers.locator('.answer > h2').textContent()).toBe(MARKDOWN_MODEL_LABEL);
      // Only the newest answer offers it.
      await sendChatPrompt(page, 'a second turn');
      // The second turn is on the page before "the last answer" can mean it.
      await expect.poll(() => answers.count()).toBe(2);
      await lastAnswerDone(page);
      await expect
        .poll(() => answers.last().getByRole('button', { name: 'Regenerate' }).count())
        .toBe(1);
      expect(await answers.first().getByRole('button', { name: 'Regenerate' }).count()).toBe(0);
    });
  });

  it('Edit puts a prompt back in the composer; sending replaces it and what followed, and is saved', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'first question');
      await lastAnswerDone(page);
      await sendChatPrompt(page, 'second question');
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();
      await page.waitForURL(/\/chat\/[A-Za-z0-9_-]{8,64}$/);
      const answers = page.locator('app-chat-answer');
      await answers.first().getByRole('button', { name: 'Edit message' }).click();
      const message = page.getByLabel('Message', { exact: true });
      await expect.poll(() => message.inputValue()).toBe('first question');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('prompt');
      await page.getByText('Editing a message: sending replaces it').waitFor();
      await message.fill('first question, edited');
      await message.press('Enter');
      await expect.poll(() => answers.count()).toBe(1);
      await lastAnswerDone(page);
      expect(await answers.locator('.markdown').textContent()).toContain('first question, edited');
      // The saved conversation is the edited one.
      await page.waitForTimeout(500);
      await page.reload();
      await expect
        .poll(async () => (await page.getByRole('log').textContent()) ?? '', { timeout: 10_000 })
        .toContain('first question, edited');
      expect(await page.getByRole('log').textContent()).not.toContain('second question');
    });
  });

  it('Esc leaves an edit with the conversation as it was; a new conversation drops the edit', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'keep me');
      await lastAnswerDone(page);
      await page.getByRole('button', { name: 'Edit message' }).click();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByText('Editing a message').count()).toBe(0);
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
      expect(await page.locator('app-chat-answer').count()).toBe(1);
      // An edit does not follow the user into a new conversation.
      await page.getByRole('button', { name: 'Edit message' }).click();
      await page.getByRole('button', { name: 'New conversation' }).click();
      await expect.poll(() => page.locator('app-chat-answer').count()).toBe(0);
      expect(await page.getByText('Editing a message').count()).toBe(0);
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('');
    });
  });
});

describe("issue 15: the conversation's settings and use", () => {
  it('sends the system prompt and parameters, capped at the catalog limits, and saves them', async () => {
    await withPage(async (page) => {
      const requests = recordChatRequests(page);
      await signIn(page, 'mluser', '/chat');
      await page.getByText('Conversation settings').click();
      await page.getByLabel('System prompt').fill('Answer like a pirate.');
      const temperature = page.getByLabel('Temperature');
      await temperature.fill('7');
      await temperature.press('Tab');
      // Out of range: the field shows what will be sent.
      expect(await temperature.inputValue()).toBe('1');
      const length = page.getByLabel('Answer length limit (tokens)');
      await page.getByText("1 to 1000, this model's limit").waitFor();
      await length.fill('4');
      await length.press('Tab');
      await sendChatPrompt(page, 'one two three four five six seven');
      await lastAnswerDone(page);
      const last = page.locator('app-chat-answer').last();
      // The echo stops at the answer length: four words, and the cut is flagged.
      expect((await last.locator('.markdown').textContent())?.trim()).toBe('one two three four');
      await last.getByTestId('cut-off').waitFor();
      expect(requests.at(-1)).toMatchObject({
        system: 'Answer like a pirate.',
        parameters: { temperature: 1, maxTokens: 4 },
      });
      // Saved with the conversation: a reload brings them back, and they are sent again.
      await page.waitForURL(/\/chat\/[A-Za-z0-9_-]{8,64}$/);
      await page.waitForTimeout(500);
      await page.reload();
      await page
        .getByText('(system prompt, temperature 1, at most 4 tokens)')
        .waitFor({ timeout: 10_000 });
      await page.getByText('Conversation settings').click();
      expect(await page.getByLabel('System prompt').inputValue()).toBe('Answer like a pirate.');
      expect(await page.getByLabel('Answer length limit (tokens)').inputValue()).toBe('4');
      await sendChatPrompt(page, 'still a pirate');
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();
      expect(requests.at(-1)).toMatchObject({
        system: 'Answer like a pirate.',
        parameters: { temperature: 1, maxTokens: 4 },
      });
      // A new conversation starts from the model's defaults.
      await page.getByRole('button', { name: 'New conversation' }).click();
      await sendChatPrompt(page, 'defaults again');
      await lastAnswerDone(page);
      expect(requests.at(-1)).not.toHaveProperty('system');
      expect(requests.at(-1)).not.toHaveProperty('parameters');
    });
  });

  it("shows the conversation's tokens and how much of the model's input limit it fills", async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      // 100 words of 49 characters: 4,999 characters, and as many back.
      const long = Array.from({ length: 100 }, (_, index) => `${index}`.padEnd(49, 'x')).join(' ');
      await sendChatPrompt(page, long);
      await lastAnswerDone(page);
      await sendChatPrompt(page, 'and one more');
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();
      const context = await page.getByTestId('context-use').textContent();
      // 9,998 + 24 characters against the echo's 20,000.
      expect(context).toBe('50% of 20,000 characters');
      const tokens = (await page.getByTestId('conversation-tokens').textContent()) ?? '';
      const [input, output] = (tokens.match(/[\d,]+/g) ?? []).map((n) =>
        Number(n.replace(/,/g, '')),
      );
      const perAnswer = await page
        .locator('app-chat-answer [data-testid="usage"]')
        .allTextContents();
      const sum = (index: number) =>
        perAnswer.reduce((total, line) => total + Number(line.match(/\d+/g)![index]), 0);
      expect(input).toBe(sum(0));
      expect(output).toBe(sum(1));
      expect(output).toBeGreaterThan(100);
      expect(await page.getByRole('meter', { name: 'Context used' }).count()).toBe(1);
    });
  });
});
