/**
 * Images and documents in the chat, and what each answer cost (issue 15), in Chromium against
 * local mode: attach by the file button, by paste and by drop; chips with previews and remove
 * buttons; the local attachment reader describes what it received; a refused type is explained
 * in place; a refused file keeps the text; the cost per answer and per conversation; all of it
 * by keyboard, on desktop and phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, screenshot } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const { withPage, signIn } = app;

const READER_LABEL = 'Local attachment reader (images and documents)';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A 1×1 PNG (a real one: its preview renders). */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const newestAnswer = (page: Page) => page.locator('app-chat-answer').last();
const answerDone = (page: Page) =>
  newestAnswer(page).getByTestId('latency').waitFor({ timeout: 15_000 });

async function pickReader(page: Page): Promise<void> {
  await signIn(page, 'mluser', '/chat');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: READER_LABEL });
  await page.getByRole('button', { name: 'Attach files' }).waitFor();
}

/** Fires a paste or drop carrying `files` at the message box, as the browser would. */
async function deliverFiles(
  page: Page,
  how: 'paste' | 'dragover' | 'drop',
  files: { name: string; type: string; bytes: Buffer }[],
): Promise<void> {
  const encoded = files.map((file) => ({ ...file, bytes: file.bytes.toString('base64') }));
  await page.getByLabel('Message', { exact: true }).evaluate(
    (box, { how, files }) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.bytes), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const event =
        how === 'paste'
          ? new ClipboardEvent('paste', {
              clipboardData: transfer,
              bubbles: true,
              cancelable: true,
            })
          : new DragEvent(how, { dataTransfer: transfer, bubbles: true, cancelable: true });
      box.dispatchEvent(event);
    },
    { how, files: encoded },
  );
}

const seriousFindings = async (page: Page) =>
  (await axeViolations(page)).filter((finding) =>
    ['serious', 'critical'].includes(finding.impact ?? ''),
  );

describe('issue 15: images and documents in the chat', () => {
  it('attaches an image with the file button, previews it, and the model describes it; the answer shows its cost', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await pickReader(page);
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL_PNG });
      const chip = page.getByTestId('attachment-chip');
      await expect.poll(() => chip.textContent()).toContain('pixel.png');
      expect(await chip.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(
        1,
      );
      await page.getByLabel('Message', { exact: true }).fill('What is in this picture?');
      expect(await seriousFindings(page)).toEqual([]);
      await screenshot(page, 'chat-attachment-chip-desktop');
      await page.getByRole('button', { name: 'Send' }).click();
      await answerDone(page);
      const answerText = newestAnswer(page).locator('.markdown');
      expect(await answerText.textContent()).toContain(`image: png, ${PIXEL_PNG.length} bytes`);
      // In view: the chat followed the answer, and the sticky composer does not cover it.
      const seen = await answerText.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const composer = document.querySelector('form.composer')!.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= Math.min(window.innerHeight, composer.top);
      });
      expect(seen).toBe(true);
      // The prompt shows what was sent with it; the composer is empty again.
      expect(await newestAnswer(page).getByTestId('sent-attachment').textContent()).toContain(
        'pixel.png',
      );
      expect(await page.getByTestId('attachment-chip').count()).toBe(0);
      // What the ledger charged: per answer and for the conversation.
      expect(await newestAnswer(page).getByTestId('cost').textContent()).toMatch(
        /^\s*\$0\.0\d+ charged\s*$/,
      );
      expect(await page.getByTestId('conversation-cost').textContent()).toMatch(
        /\$0\.0\d+ charged so far/,
      );
      expect(await seriousFindings(page)).toEqual([]);
      await screenshot(page, 'chat-attachment-answer-desktop');
      await page.setViewportSize(PHONE);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'chat-attachment-answer-phone');
    });
  });

  it('attaches a pasted image and a dropped document', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(PHONE);
      await pickReader(page);
      await deliverFiles(page, 'paste', [
        { name: 'screenshot.png', type: 'image/png', bytes: PIXEL_PNG },
      ]);
      const notes = [
        { name: 'meeting_notes.txt', type: 'text/plain', bytes: Buffer.from('Ship it on Friday') },
      ];
      // Dragged over, the composer shows it is where files go; the drop attaches them.
      const composer = page.locator('form.composer');
      await deliverFiles(page, 'dragover', notes);
      await expect.poll(() => composer.getAttribute('class')).toContain('dropping');
      await deliverFiles(page, 'drop', notes);
      await expect.poll(() => composer.getAttribute('class')).not.toContain('dropping');
      await expect.poll(() => page.getByTestId('attachment-chip').count()).toBe(2);
      await page.getByLabel('Message', { exact: true }).fill('Summarise these');
      await screenshot(page, 'chat-attachment-chips-phone');
      await page.getByRole('button', { name: 'Send' }).click();
      await answerDone(page);
      const answer = await newestAnswer(page).locator('.markdown').textContent();
      expect(answer).toContain('Received 2 attachment(s)');
      expect(answer).toContain('document "meeting notes txt": txt, 17 bytes');
    });
  });

  it('refuses a type the model does not read, in place, and keeps the text when the gateway refuses a file', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await pickReader(page);
      await page.getByLabel('Message', { exact: true }).fill('Look at this');
      await deliverFiles(page, 'drop', [
        { name: 'setup.exe', type: 'application/x-msdownload', bytes: Buffer.from('MZ') },
      ]);
      const problems = page.getByTestId('attachment-problems');
      await expect
        .poll(() => problems.textContent())
        .toContain(`setup.exe is not a type ${READER_LABEL} reads`);
      expect(await page.getByTestId('attachment-chip').count()).toBe(0);
      await screenshot(page, 'chat-attachment-refused-desktop');
      // The refusal and the chips keep their contrast in the dark theme too.
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await seriousFindings(page)).toEqual([]);
      await screenshot(page, 'chat-attachment-refused-dark');
      // A file named .png that is no PNG passes the browser's check; the gateway refuses it.
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('hello') });
      await page.getByRole('button', { name: 'Send' }).click();
      const refusal = newestAnswer(page).getByRole('alert');
      await expect.poll(() => refusal.textContent(), { timeout: 15_000 }).toContain('not a png');
      expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('Look at this');
      expect(await page.getByTestId('attachment-chip').textContent()).toContain('fake.png');
    });
  });

  it('works by keyboard: the file button opens the dialog, a chip is removed and the focus stays', async () => {
    await withPage(async (page) => {
      await page.setViewportSize(DESKTOP);
      await pickReader(page);
      await page.getByLabel('Message', { exact: true }).focus();
      // From the message box, Tab reaches the file button next.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
        'Attach files',
      );
      // Enter on the button opens the file dialog (the hidden input's click); the test then
      // picks the file as the dialog would (a headless file chooser is not reliably reported).
      const input = page.locator('input[type=file]');
      await input.evaluate((element) =>
        element.addEventListener('click', () => element.setAttribute('data-opened', 'yes'), {
          once: true,
        }),
      );
      await page.keyboard.press('Enter');
      expect(await input.getAttribute('data-opened')).toBe('yes');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL_PNG });
      await page.getByTestId('attachment-chip').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
        'Remove pixel.png',
      );
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('attachment-chip').count()).toBe(0);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
        .toBe('Attach files');
    });
  });
});
