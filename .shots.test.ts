// Throwaway (not committed): screenshots of the changed pages at 1440x900 and 390x844.
import { it } from 'vitest';
import { startLocalStack } from './local/stack.ts';
import { launchBrowser, sendChatPrompt, signInThroughHostedUi } from './tests/e2e/browser.ts';

it('shots', async () => {
  const stack = await startLocalStack({ ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 }, app: 'skip' });
  const browser = await launchBrowser();
  try {
    for (const [name, size] of [['desk', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      const page = await browser.newPage();
      await page.setViewportSize(size);
      await signInThroughHostedUi(page, stack, 'mluser', '/chat');
      await sendChatPrompt(page, Array.from({ length: 300 }, (_, i) => `word${i}`).join(' '));
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      await page.getByLabel('Message').fill(`${'x'.repeat(200)} [[fault:slow]] ${Array.from({ length: 120 }, (_, i) => `s${i}`).join(' ')}`);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.waitForTimeout(2500);
      await page.screenshot({ path: `/tmp/shots/${name}-chat-streaming.png` });
      await page.mouse.wheel(0, -800);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `/tmp/shots/${name}-chat-scrolled-up.png` });
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor({ timeout: 30000 });
      await page.getByLabel('Message').fill('bad [[fault:model-error]]');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/shots/${name}-chat-failed.png` });
      // Keyboard: Tab from the skip link through the page.
      await page.reload();
      await page.getByLabel('Message').waitFor();
      const stops: string[] = [];
      for (let i = 0; i < 16; i++) {
        await page.keyboard.press('Tab');
        stops.push(await page.evaluate(() => { const e = document.activeElement!; return `${e.tagName}:${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)}`; }));
      }
      console.log(name, 'tab order', stops.join(' | '));
      if (name === 'phone') {
        await page.getByRole('button', { name: 'History' }).click();
        await page.waitForTimeout(300);
      }
      await page.screenshot({ path: `/tmp/shots/${name}-chat-reloaded.png`, fullPage: name === 'phone' });
      await page.goto(`${stack.appUrl}/inference`);
      await page.getByLabel('Endpoint').selectOption({ label: 'Local text generator (streaming)' });
      await page.getByLabel('Input (JSON)').fill(`{"inputs": "${Array.from({ length: 80 }, (_, i) => `t${i}`).join(' ')}"}`);
      await page.getByRole('button', { name: 'Run' }).click();
      await page.waitForTimeout(1500);
      await page.getByLabel('Endpoint').selectOption({ label: 'Local summarizer (async job)' });
      await page.getByLabel('Input (JSON)').fill('{"inputs": "one two three"}');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.waitForTimeout(2500);
      await page.screenshot({ path: `/tmp/shots/${name}-inference.png`, fullPage: true });
      await page.close();
    }
    const ro = await browser.newPage();
    await ro.setViewportSize({ width: 1440, height: 900 });
    await signInThroughHostedUi(ro, stack, 'readonly', '/chat');
    await ro.getByText('Your role may not chat').waitFor();
    await ro.screenshot({ path: '/tmp/shots/desk-readonly-chat.png' });
  } finally {
    await browser.close();
    await stack.stop();
  }
}, 300_000);
