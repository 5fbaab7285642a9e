import { startLocalStack } from '/work/main/local/stack.ts';
import { launchBrowser, signInThroughHostedUi, sendChatPrompt } from '/work/main/tests/e2e/browser.ts';
const stack = await startLocalStack({ ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 }, app: 'auto', env: process.env });
const browser = await launchBrowser();
try {
  for (const [w, h, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    const page = await browser.newPage();
    await page.setViewportSize({ width: w, height: h });
    await signInThroughHostedUi(page, stack as never, 'mluser', '/chat');
    await page.getByLabel('Model').selectOption({ label: 'Local echo (streams your words back)' });
    // keyboard: focus the message box and send with the keyboard
    await page.getByLabel('Message').focus();
    await page.keyboard.type('[Your bank](https://evil.example/login) <p role="alert" class="error">Expired</p> ![x](https://evil.example/p.gif) and **bold** text');
    await page.keyboard.press('Tab');
    const focused1 = await page.evaluate(() => document.activeElement?.textContent?.trim());
    console.log(tag, 'focus after Tab from message:', focused1);
    await page.keyboard.press('Enter');
    await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
    await page.screenshot({ path: `/tmp/shots/chat-sanitized-${tag}.png`, fullPage: false });
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('You are signed out of this browser').waitFor();
    console.log(tag, 'url after sign-out:', page.url());
    await page.screenshot({ path: `/tmp/shots/signed-out-${tag}.png`, fullPage: false });
    await page.close();
    await browser.context.clearCookies();
  }
} finally {
  await browser.close();
  await stack.stop();
}
