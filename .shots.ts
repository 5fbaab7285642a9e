import { startLocalStack } from './local/stack.ts';
import { launchBrowser, sendChatPrompt, signInThroughHostedUi } from './tests/e2e/browser.ts';

const stack = await startLocalStack({ ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 }, app: 'auto' });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInThroughHostedUi(page, stack, 'mluser', '/chat');
  await sendChatPrompt(page, 'Hello from the screenshot run');
  await page.getByTestId('usage').first().waitFor();
  await page.screenshot({ path: '/tmp/shot-chat-1440.png' });
  await page.goto(`${stack.appUrl}/usage`);
  await page.locator('#budget-user-day-tokens').waitFor();
  await page.screenshot({ path: '/tmp/shot-usage-1440.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.locator('#budget-user-day-tokens').waitFor();
  await page.screenshot({ path: '/tmp/shot-usage-390.png', fullPage: true });
  // Keyboard: Tab from the top until the usage table region has focus.
  const names: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return `${el?.tagName} ${el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 30) ?? ''}`;
    }));
  }
  console.log(names.join('\n'));
} finally {
  await browser.close();
  await stack.stop();
}
