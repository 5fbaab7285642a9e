/**
 * The app in Chromium against local mode: sign-in through the hosted UI (the local stand-in for
 * Entra ID) as each seeded user, a streamed chat answer, Stop mid-stream, refusals, SageMaker
 * (sync and async), an injected 429 and 504, sign-out. Every page is screenshotted and checked
 * with axe-core.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, ECHO_MODEL_LABEL, screenshot, sendChatPrompt } from './browser.ts';
import { useLocalApp } from './local-app.ts';

/** The processors' model deadline in this run, so the 504 test waits seconds, not 25 s. */
const UPSTREAM_TIMEOUT_MS = 3_000;

const app = useLocalApp({ env: { UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS) } });
const { withPage, signIn } = app;

/**
 * Spoils the signature of stored Amplify tokens (keys ending in `suffixes`): still unexpired,
 * so Amplify hands the access token out, and the gateway refuses it.
 */
async function spoilStoredTokens(page: Page, suffixes: string[]): Promise<void> {
  await page.evaluate((endings) => {
    for (const ending of endings) {
      const key = Object.keys(sessionStorage).find((name) => name.endsWith(ending));
      if (!key) throw new Error(`no stored token ending in ${ending}`);
      const token = sessionStorage.getItem(key) ?? '';
      const spoiled = token.at(-2) === 'A' ? 'B' : 'A';
      sessionStorage.setItem(key, `${token.slice(0, -2)}${spoiled}${token.at(-1)}`);
    }
  }, suffixes);
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await axeViolations(page)).toEqual([]);
}

/** The boxes of the chat page's history sidebar and conversation column, as laid out now. */
async function chatColumns(page: Page): Promise<{ sidebar: Box; conversation: Box }> {
  const sidebar = await page.locator('app-history-sidebar').boundingBox();
  const conversation = await page.getByRole('log', { name: 'Conversation' }).boundingBox();
  if (!sidebar || !conversation) throw new Error('the sidebar or the conversation is not shown');
  return { sidebar, conversation };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when two boxes share any area (touching edges do not count). */
function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('sign-in', () => {
  it('the sign-in page is accessible', async () => {
    await withPage(async (page) => {
      await page.goto(`${app.stack.appUrl}/chat`);
      await page.waitForURL(/\/sign-in\?returnUrl=%2Fchat/);
      await expectAccessible(page, 'sign-in');
    });
  });

  for (const [username, expected] of [
    ['admin', { group: 'Administrators', catalog: true, chat: true }],
    ['mluser', { group: 'MLUsers', catalog: false, chat: true }],
    ['readonly', { group: 'ReadOnly', catalog: false, chat: false }],
  ] as const) {
    it(`${username} signs in through the hosted UI and sees what the role allows`, async () => {
      await withPage(async (page) => {
        await signIn(page, username);
        await expect.poll(() => page.locator('.account').textContent()).toContain(expected.group);
        const nav = page.getByRole('navigation', { name: 'Main' });
        expect(await nav.getByRole('link', { name: 'Model catalog' }).count()).toBe(
          expected.catalog ? 1 : 0,
        );
        const chatCard = page.locator('li.card', { hasText: 'Chat with Bedrock models' });
        expect(await chatCard.getByText('Not available to your role.').count()).toBe(
          expected.chat ? 0 : 1,
        );
        await expectAccessible(page, `home-${username}`);
        // The session survives a reload (restored from storage, no new sign-in).
        await page.reload();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        // The tokens end with the browser session: sessionStorage, never localStorage.
        const stored = await page.evaluate(() => ({
          session: Object.keys(sessionStorage).filter((key) => key.endsWith('.refreshToken')),
          local: Object.keys(localStorage).filter((key) => /Token$|LastAuthUser$/.test(key)),
        }));
        expect(stored.session).toHaveLength(1);
        expect(stored.local).toEqual([]);
      });
    });
  }

  it('a signed-in user who opens the sign-in page goes on to the app', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser');
      await page.goto(`${app.stack.appUrl}/sign-in`);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('heading', { name: 'Welcome to ML Gateway' }).waitFor();
    });
  });

  it('a refused token (401) that cannot be refreshed sends the user to sign in again', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser');
      await spoilStoredTokens(page, ['.accessToken', '.refreshToken']);
      await page.goto(`${app.stack.appUrl}/chat`);
      await page.waitForURL(/\/sign-in\?returnUrl=%2Fchat/);
      await page.getByText('Your session has expired. Sign in again to continue.').waitFor();
    });
  });

  it('a refused token (401) is refreshed and the call retried', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser');
      await spoilStoredTokens(page, ['.accessToken']);
      const statuses: number[] = [];
      page.on('response', (response) => {
        if (response.url().endsWith('/ml/models') && response.request().method() === 'GET') {
          statuses.push(response.status());
        }
      });
      await page.goto(`${app.stack.appUrl}/chat`);
      await expect.poll(() => statuses, { timeout: 15_000 }).toEqual([401, 200]);
      await page.getByRole('option', { name: ECHO_MODEL_LABEL }).waitFor({ state: 'attached' });
    });
  });

  it('returns to the page the user asked for', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByRole('heading', { name: 'SageMaker inference' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/inference');
    });
  });
});

describe('chat', () => {
  it('streams an answer token by token and shows tokens and latency', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      const words = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
      await sendChatPrompt(page, `${words} [[fault:slow]]`);
      const answer = page.locator('app-chat-answer').last();
      // Part of the answer is on screen while the stream is still open.
      await expect
        .poll(async () => (await answer.locator('.markdown').textContent())?.length ?? 0)
        .toBeGreaterThan(0);
      expect(await answer.locator('article').getAttribute('aria-busy')).toBe('true');
      await answer.getByTestId('usage').waitFor();
      expect(await answer.locator('.markdown').textContent()).toContain('word0 word1');
      expect(await answer.locator('.markdown').textContent()).toContain('word29');
      expect(await answer.getByTestId('usage').textContent()).toMatch(
        /\d+ input · \d+ output tokens/,
      );
      expect(await answer.getByTestId('latency').textContent()).toMatch(/\d+ ms/);
      // A second turn carries the conversation.
      await page.getByLabel('Message').fill('second turn');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('app-chat-answer').nth(1).getByTestId('usage').waitFor();
      expect(
        await page.locator('app-chat-answer').nth(1).locator('.markdown').textContent(),
      ).toContain('second turn');
      // Desktop (1280 px): the history is a column of its own beside the conversation.
      const { sidebar, conversation } = await chatColumns(page);
      expect(overlaps(sidebar, conversation), 'sidebar overlaps the conversation').toBe(false);
      expect(sidebar.x + sidebar.width).toBeLessThanOrEqual(conversation.x);
      await expectAccessible(page, 'chat-streamed');
    });
  });

  it('a Markdown answer cannot hide a link target, pose as an alert or load a remote image', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      // The echo model sends the prompt back, so the prompt is the model output under test.
      await sendChatPrompt(
        page,
        '[Your bank](https://evil.example/login) <p role="alert" class="error">Expired</p> ![x](https://evil.example/p.gif)',
      );
      const markdown = page.locator('app-chat-answer').last().locator('.markdown');
      await page.locator('app-chat-answer').last().getByTestId('usage').waitFor();
      const link = markdown.getByRole('link', { name: 'Your bank' });
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await markdown.textContent()).toContain('Your bank (https://evil.example/login)');
      expect(await markdown.textContent()).toContain('[image: x]');
      expect(await markdown.locator('img, [role], [class]').count()).toBe(0);
    });
  });

  it('Stop ends the stream mid-answer', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      const words = Array.from({ length: 400 }, (_, index) => `w${index}`).join(' ');
      await sendChatPrompt(page, `${words} [[fault:slow]]`);
      const answer = page.locator('app-chat-answer').last();
      await expect
        .poll(
          async () => (await answer.locator('.markdown').textContent())?.includes('w3') ?? false,
          // The first words come after the first-token latency, over 1 s on a loaded machine.
          { timeout: 15_000 },
        )
        .toBe(true);
      await page.getByRole('button', { name: 'Stop' }).click();
      await answer.getByText('Stopped.').waitFor();
      const text = (await answer.locator('.markdown').textContent()) ?? '';
      expect(text).not.toContain('w399');
      await page.waitForTimeout(500);
      expect(await answer.locator('.markdown').textContent()).toBe(text);
      await page.getByRole('button', { name: 'Send' }).waitFor();
      await expectAccessible(page, 'chat-stopped');
    });
  });

  it('a ReadOnly user is told they may not chat', async () => {
    await withPage(async (page) => {
      await signIn(page, 'readonly', '/chat');
      await page.getByText('Your role may not chat with models.').waitFor();
      expect(await page.getByLabel('Message').isDisabled()).toBe(true);
      await expectAccessible(page, 'chat-readonly');
    });
  });

  it('a model the user may not use is refused by the gateway and the UI says which', async () => {
    await withPage(async (page) => {
      // Offer mluser the administrators-only model, as a stale or tampered list would.
      await page.route('**/ml/models', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { data: { models: unknown[] } };
        body.data.models.push({
          id: 'local.summarizer',
          label: 'Local summarizer (administrators)',
          provider: 'bedrock',
          limits: {},
        });
        await route.fulfill({ response, json: body });
      });
      await signIn(page, 'mluser', '/chat');
      await page
        .getByLabel('Model', { exact: true })
        .selectOption({ label: 'Local summarizer (administrators)' });
      await page.getByLabel('Message').fill('Summarize this');
      await page.getByRole('button', { name: 'Send' }).click();
      const alert = page.locator('app-chat-answer').last().getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Not allowed: Local summarizer (administrators)');
      await expectAccessible(page, 'chat-model-refused');
    });
  });

  it('an injected model throttle (429) is shown to the user', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await sendChatPrompt(page, 'hello [[fault:throttle]]');
      const alert = page.locator('app-chat-answer').last().getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Too many requests');
      // The server's message once, then a single countdown line. The countdown needs Retry-After,
      // which the app reads only if the response lists it in Access-Control-Expose-Headers.
      const retryLines = await alert.locator('p').allTextContents();
      expect(retryLines.filter((line) => /try again|retry in/i.test(line))).toEqual([
        expect.stringMatching(/^Try again in \d+ s\.$/),
      ]);
      await expectAccessible(page, 'chat-429');
    });
  });
});

describe('SageMaker inference', () => {
  it('validates JSON, invokes a sync endpoint and shows the result', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local sentiment (JSON)' });
      const input = page.getByLabel('Input (JSON)');
      await input.fill('{"inputs": ');
      await page.getByText('The input is not valid JSON').waitFor();
      expect(await page.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
      await input.fill('{"inputs": "I love this great product"}');
      await page.getByRole('button', { name: 'Run' }).click();
      const result = page.getByLabel('Result output');
      await result.waitFor();
      expect(JSON.parse((await result.textContent()) ?? '')).toMatchObject({ label: 'POSITIVE' });
      await expectAccessible(page, 'inference-sync');
    });
  });

  it('follows an async job to its result', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local summarizer (async job)' });
      await page
        .getByLabel('Input (JSON)')
        .fill('{"inputs": "one two three four five six seven eight nine ten"}');
      await page.getByRole('button', { name: 'Run' }).click();
      await page.getByText(/Async job .*: (InProgress|Completed)/).waitFor();
      await screenshot(page, 'inference-async-progress');
      await page.getByText(/Async job .*: Completed/).waitFor({ timeout: 60_000 });
      expect(
        JSON.parse((await page.getByLabel('Result output').textContent()) ?? ''),
      ).toMatchObject({ words: 10 });
      await expectAccessible(page, 'inference-async');
    });
  });

  it('streams a SageMaker streaming endpoint into the result view', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local text generator (streaming)' });
      await page.getByLabel('Input (JSON)').fill('{"inputs": "alpha beta gamma delta"}');
      await page.getByRole('button', { name: 'Run' }).click();
      const result = page.getByLabel('Result output');
      await expect.poll(async () => (await result.textContent()) ?? '').toContain('delta');
      expect(await result.textContent()).toContain('alpha beta gamma');
      await expectAccessible(page, 'inference-streaming');
    });
  });

  it('an injected model timeout (504) is explained with the async alternative', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/inference');
      await page.getByLabel('Endpoint').selectOption({ label: 'Local sentiment (JSON)' });
      await page.getByLabel('Input (JSON)').fill('{"inputs": "hello [[fault:timeout]]"}');
      await page.getByRole('button', { name: 'Run' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: UPSTREAM_TIMEOUT_MS + 20_000 });
      expect(await alert.textContent()).toContain('The model did not answer in time');
      // Each alternative named once with its mode (a label that names it is not repeated).
      expect(await alert.textContent()).toContain('Local summarizer (async job)');
      expect(await alert.textContent()).toContain('Local text generator (streaming)');
      expect(await alert.textContent()).not.toMatch(/\((async|streaming)[^)]*\) \(/);
      await expectAccessible(page, 'inference-504');
    });
  });

  it('a ReadOnly user is told they may not run endpoints', async () => {
    await withPage(async (page) => {
      await signIn(page, 'readonly', '/inference');
      await page.getByText('Your role may not invoke endpoints.').waitFor();
      expect(await page.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
      await expectAccessible(page, 'inference-readonly');
    });
  });
});

describe('layout and connectivity', () => {
  it('fits a phone screen without horizontal scrolling', async () => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 375, height: 740 });
      await signIn(page, 'mluser', '/chat');
      // A long answer and its history entry must wrap, not widen the page.
      await page
        .getByLabel('Message')
        .fill(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '));
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('usage').waitFor();
      for (const path of ['/chat', '/inference', '/']) {
        await page.goto(`${app.stack.appUrl}${path}`);
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
      }
      await page.goto(`${app.stack.appUrl}/chat`);
      await page.getByLabel('Message').waitFor();
      // Phone: the history stacks above the conversation.
      const { sidebar, conversation } = await chatColumns(page);
      expect(overlaps(sidebar, conversation), 'sidebar overlaps the conversation').toBe(false);
      expect(sidebar.y + sidebar.height).toBeLessThanOrEqual(conversation.y);
      // Scrolled to the bottom edge of the screen, the model picker is not covered (by the composer).
      const pickerVisible = await page.getByLabel('Model', { exact: true }).evaluate((picker) => {
        picker.scrollIntoView({ block: 'end' });
        const box = picker.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return hit !== null && picker.contains(hit);
      });
      expect(pickerVisible, 'the model picker is covered').toBe(true);
      await expectAccessible(page, 'chat-phone');
    });
  });

  it('detects going offline and holds requests until the connection returns', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/chat');
      await page.getByLabel('Message').fill('hello');
      await page.context().setOffline(true);
      await page.getByText('You are offline.').waitFor();
      expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
      await expectAccessible(page, 'offline');
      await page.context().setOffline(false);
      await page.getByText('You are offline.').waitFor({ state: 'detached' });
      expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    });
  });

  it('the sign-in flow works from the keyboard', async () => {
    await withPage(async (page) => {
      await page.goto(`${app.stack.appUrl}/sign-in`);
      const button = page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' });
      await button.waitFor();
      // Tab order: skip link first, then the sign-in button.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
        'Skip to content',
      );
      await page.keyboard.press('Tab');
      expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.href.startsWith(app.stack.hostedUiUrl));
    });
  });
});

describe('admin and sign-out', () => {
  it('an administrator sees the model catalog; others are turned away', async () => {
    await withPage(async (page) => {
      await signIn(page, 'admin', '/admin/models');
      await page.getByRole('heading', { name: 'Model catalog' }).waitFor();
      await page.getByRole('cell', { name: 'local.summarizer', exact: true }).waitFor();
      const row = page.getByRole('row', { name: /local\.summarizer/ });
      expect(await row.textContent()).toContain('Administrators');
      await expectAccessible(page, 'admin-catalog');
    });
    await withPage(async (page) => {
      await signIn(page, 'mluser', '/admin/models');
      await page.getByText('Your role may not open “Model catalog (administrators)”').waitFor();
    });
  });

  it('sign-out revokes the refresh token, says what it did, and protected pages ask to sign in again', async () => {
    await withPage(async (page) => {
      await signIn(page, 'mluser');
      // The app keeps its tokens in sessionStorage (they end with the browser session).
      const refreshToken = await page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((name) => name.endsWith('.refreshToken'));
        return key ? sessionStorage.getItem(key) : null;
      });
      expect(refreshToken).toBeTruthy();
      // Plain signOut() revokes the session's refresh token through Cognito's RevokeToken.
      // Wait for the answer, not the request: the refresh below must come after the revocation.
      const revoked = page.waitForResponse(
        (response) =>
          response.request().headers()['x-amz-target'] ===
          'AWSCognitoIdentityProviderService.RevokeToken',
      );
      await page.getByRole('button', { name: 'Sign out' }).click();
      await revoked;
      const refresh = await fetch(`${app.stack.cognitoEndpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
        },
        body: JSON.stringify({ ClientId: app.stack.userPoolClientId, RefreshToken: refreshToken }),
      });
      expect(refresh.status).toBe(400);
      expect(((await refresh.json()) as { message: string }).message).toBe(
        'Refresh Token has been revoked',
      );
      await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).waitFor();
      await page.getByText('You are signed out of this browser').waitFor();
      await page.goto(`${app.stack.appUrl}/chat`);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
      // The hosted UI asks for credentials again: its session ended too.
      await page.getByLabel('Username').waitFor();
      await expectAccessible(page, 'signed-out');
    });
  });
});
