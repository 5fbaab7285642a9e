// Throwaway (not committed).
import { startLocalStack } from './local/stack.ts';
import { launchBrowser, signInThroughHostedUi, sendChatPrompt } from './tests/e2e/browser.ts';
const stack = await startLocalStack({ ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 }, app: 'skip' });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughHostedUi(page, stack, 'mluser', '/chat');
  await sendChatPrompt(page, 'Show me some code please', 'Local Markdown writer (tables, code, lists)');
  await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
  await page.waitForTimeout(800);
  console.log(await page.evaluate(() => {
    const r = (s: string) => { const b = document.querySelector(s)!.getBoundingClientRect(); return [s, Math.round(b.left), Math.round(b.right)]; };
    return [r('.answer'), r('.markdown'), r('app-code-block'), r('app-code-block pre'), r('.markdown-part'), document.documentElement.scrollWidth];
  }));
  await page.locator('app-code-block').screenshot({ path: '/tmp/chatshots/block.png' });
} finally {
  await browser.close();
  await stack.stop();
}
