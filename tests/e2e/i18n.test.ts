/**
 * The app in its second language (issue 15): German under /de/, chosen by the browser's
 * languages or the footer's link, kept through the hosted UI's sign-in, with German dates; the
 * default English build stays at the root. Screenshots at 1440×900 and 390×844.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { axeViolations, ECHO_MODEL_LABEL, screenshot } from './browser.ts';
import { useLocalApp } from './local-app.ts';

const app = useLocalApp();
const withPage = (run: (page: Page) => Promise<void>) => app.withPage(run);
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Makes the page's browser prefer German, as a German-speaking user's would. */
async function preferGerman(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['de-DE', 'de', 'en'] });
  });
}

async function screenshotsOf(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await screenshot(page, `de-${name}-${size}`);
  }
}

/** Signs in through the hosted UI from the German sign-in page; ends signed in on /de/. */
async function signInInGerman(page: Page, username: string): Promise<void> {
  const user = app.stack.users.find((candidate) => candidate.username === username)!;
  await page.goto(`${app.stack.appUrl}/sign-in`);
  await page.waitForURL(`${app.stack.appUrl}/de/sign-in`);
  await page.getByRole('button', { name: 'Mit Microsoft Entra ID anmelden' }).click();
  await page.waitForURL((url) => url.href.startsWith(app.stack.hostedUiUrl));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
}

describe('the German build', () => {
  it('opens for a browser that prefers German, in German, and passes axe', async () => {
    await withPage(async (page) => {
      await preferGerman(page);
      await page.goto(`${app.stack.appUrl}/sign-in`);
      await page.waitForURL(`${app.stack.appUrl}/de/sign-in`);
      await page.getByRole('heading', { name: 'Bei ML Gateway anmelden' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      expect(await page.title()).toBe('Anmelden · ML Gateway');
      expect(await axeViolations(page)).toEqual([]);
      await screenshotsOf(page, 'sign-in');
    });
  });

  it('keeps English at the root for everyone else', async () => {
    await withPage(async (page) => {
      await page.goto(`${app.stack.appUrl}/sign-in`);
      await page.getByRole('heading', { name: 'Sign in to ML Gateway' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    });
  });

  it("switches language from the footer, keeps the page and remembers the choice over the browser's", async () => {
    await withPage(async (page) => {
      await preferGerman(page);
      await page.goto(`${app.stack.appUrl}/de/sign-in`);
      await page
        .getByRole('navigation', { name: 'Sprache' })
        .getByRole('link', { name: 'English' })
        .click();
      await page.waitForURL(`${app.stack.appUrl}/sign-in`);
      await page.getByRole('heading', { name: 'Sign in to ML Gateway' }).waitFor();
      // The saved choice wins over the browser's German on the next visit.
      await page.goto(`${app.stack.appUrl}/sign-in`);
      await page.getByRole('heading', { name: 'Sign in to ML Gateway' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page
        .getByRole('navigation', { name: 'Language' })
        .getByRole('link', { name: 'Deutsch' })
        .click();
      await page.waitForURL(`${app.stack.appUrl}/de/sign-in`);
    });
  });

  it('keeps German through the sign-in; the Keys page speaks German with German dates', async () => {
    await withPage(async (page) => {
      await preferGerman(page);
      await signInInGerman(page, 'mluser');
      expect(new URL(page.url()).pathname).toMatch(/^\/de\//);
      await page.getByRole('heading', { name: 'Willkommen bei ML Gateway' }).waitFor();
      await screenshotsOf(page, 'home');

      await page.setViewportSize(DESKTOP);
      await page.getByRole('link', { name: 'API-Schlüssel' }).click();
      await page.getByRole('heading', { name: 'API-Schlüssel', level: 1 }).waitFor();
      await page.getByLabel('Name').fill('Laptop');
      await page.getByRole('checkbox', { name: /local\.echo/ }).check();
      await page.getByLabel('Läuft ab nach (Tagen)').fill('7');
      await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
      await page
        .getByRole('heading', { name: 'Kopieren Sie jetzt Ihren neuen Schlüssel' })
        .waitFor();
      await page.getByRole('button', { name: 'Fertig' }).click();
      const row = page.getByRole('row', { name: /Laptop/ });
      await row.getByRole('cell', { name: 'aktiv' }).waitFor();
      // A German date, day first ("07.12.2026"), where the English build writes "Dec 7, 2026".
      const expires = await row.locator('td').nth(3).textContent();
      expect(expires?.trim()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
      await row.getByRole('button', { name: 'Laptop widerrufen' }).click();
      await row.getByRole('button', { name: 'Widerruf von Laptop abbrechen' }).waitFor();
      // Each button's accessible name holds its visible text (WCAG 2.5.3), in German too.
      expect(await axeViolations(page)).toEqual([]);
      await screenshotsOf(page, 'keys');
      await page.setViewportSize(DESKTOP);
      await row.getByRole('button', { name: 'Widerruf bestätigen: Laptop' }).click();
      await row.getByRole('cell', { name: 'widerrufen' }).waitFor();
    });
  });

  it('shows every other page in German, axe-clean, at both sizes', async () => {
    const pages = [
      { user: 'mluser', path: 'chat', heading: 'Chat', name: 'chat' },
      { user: 'mluser', path: 'inference', heading: 'SageMaker-Inferenz', name: 'inference' },
      { user: 'mluser', path: 'usage', heading: 'Meine Nutzung', name: 'usage' },
      { user: 'admin', path: 'admin/models', heading: 'Modellkatalog', name: 'catalog' },
      { user: 'admin', path: 'admin/usage', heading: 'Nutzungsbericht', name: 'usage-report' },
      { user: 'admin', path: 'admin/audit', heading: 'Audit-Protokoll', name: 'audit' },
      {
        user: 'admin',
        path: 'admin/group-mapping',
        heading: 'Gruppenzuordnung',
        name: 'group-mapping',
      },
    ];
    for (const user of ['mluser', 'admin']) {
      await withPage(async (page) => {
        await preferGerman(page);
        await signInInGerman(page, user);
        for (const target of pages.filter((candidate) => candidate.user === user)) {
          await page.setViewportSize(DESKTOP);
          await page.goto(`${app.stack.appUrl}/de/${target.path}`);
          await page.getByRole('heading', { name: target.heading, level: 1 }).waitFor();
          if (target.name === 'chat') {
            await page
              .getByLabel('Modell', { exact: true })
              .selectOption({ label: ECHO_MODEL_LABEL });
            await page.getByLabel('Nachricht', { exact: true }).fill('Hallo Welt');
            await page.getByRole('button', { name: 'Senden' }).click();
            await page.locator('app-chat-answer').getByTestId('usage').waitFor();
            expect(
              await page.locator('app-chat-answer').getByTestId('usage').textContent(),
            ).toMatch(/Eingabe- · \d+ Ausgabe-Tokens/);
          }
          expect({ page: target.name, findings: await axeViolations(page) }).toEqual({
            page: target.name,
            findings: [],
          });
          await screenshotsOf(page, target.name);
        }
      });
    }
  });

  it('runs the group-mapping page in German: labels, problems, status and button names', async () => {
    await withPage(async (page) => {
      await preferGerman(page);
      await signInInGerman(page, 'admin');
      await page.setViewportSize(DESKTOP);
      await page.getByRole('link', { name: 'Gruppenzuordnung' }).click();
      await page.getByRole('heading', { name: 'Gruppenzuordnung', level: 1 }).waitFor();
      expect(await page.title()).toBe('Gruppenzuordnung · ML Gateway');
      await page.getByRole('columnheader', { name: 'Zuordnung über' }).waitFor();

      await page.getByLabel('Zuordnung über').selectOption('appRole');
      await page.getByLabel('Wert').fill('MLGateway.Tester');
      await page.getByLabel('Gewährt Gruppe').selectOption('ReadOnly');
      await page.getByLabel('Abteilung (optional)').fill('qa');
      await page.getByRole('button', { name: 'Eintrag hinzufügen' }).click();
      await page.getByText('MLGateway.Tester hinzugefügt.').waitFor();
      const row = page.getByRole('row', { name: /MLGateway\.Tester/ });
      await expect(row.textContent()).resolves.toContain('App-Rolle');

      // The same app role again is refused beside the value, in German.
      await page.getByLabel('Wert').fill('MLGateway.Tester');
      await page.getByRole('button', { name: 'Eintrag hinzufügen' }).click();
      await page.getByText(/^Eintrag \d+ ordnet diese App-Rolle bereits zu\.$/).waitFor();
      await page.getByLabel('Wert').fill('');

      // Each button's accessible name holds its visible German text (WCAG 2.5.3).
      await row.getByRole('button', { name: 'Löschen: MLGateway.Tester' }).click();
      await row.getByRole('button', { name: 'Löschen von MLGateway.Tester abbrechen' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshotsOf(page, 'group-mapping-delete');
      await page.setViewportSize(DESKTOP);
      await row.getByRole('button', { name: 'Löschen bestätigen: MLGateway.Tester' }).click();
      await page.getByText('MLGateway.Tester gelöscht.').waitFor();
    });
  });
});
