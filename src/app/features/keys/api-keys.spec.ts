import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { ApiKeySummary } from '../../../../amplify/contract/api-keys';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ApiKeys } from './api-keys';

/** Lets HTTP callbacks, signals and change detection run (a pending request keeps the fixture unstable). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });
const KEYS = `${API_URL}/keys`;
const LIMITS = { defaultExpiryDays: 30, maxExpiryDays: 90 };
const MODELS = envelope({
  models: [
    {
      id: 'local.echo',
      label: 'Echo',
      provider: 'bedrock',
      limits: { maxInputChars: 1000, maxOutputTokens: 200 },
    },
  ],
});

const key = (overrides: Partial<ApiKeySummary> = {}): ApiKeySummary => ({
  keyId: 'abcdefghijklmnop',
  name: 'laptop',
  models: ['local.echo'],
  createdAt: '2026-11-01T10:00:00Z',
  expiresAt: '2026-12-01T10:00:00Z',
  status: 'active',
  hint: 'mlg_abcdefghijklmnop_…',
  ...overrides,
});

async function renderKeys(keys: readonly ApiKeySummary[]) {
  await setUpTestApp({ groups: ['MLUsers'] });
  const fixture = TestBed.createComponent(ApiKeys);
  document.body.appendChild(fixture.nativeElement as HTMLElement);
  await settle();
  const http = TestBed.inject(HttpTestingController);
  http.expectOne(`${API_URL}/ml/models`).flush(MODELS);
  http.expectOne(KEYS).flush(envelope({ keys, limits: LIMITS }));
  await settle();
  const element = fixture.nativeElement as HTMLElement;
  const byLabel = (label: string) =>
    element.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  const byText = (text: string) =>
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
  const field = (id: string) => element.querySelector<HTMLInputElement>(`#${id}`)!;
  const type = (id: string, value: string) => {
    field(id).value = value;
    field(id).dispatchEvent(new Event('input'));
  };
  return { fixture, http, element, byLabel, byText, field, type };
}

describe('ApiKeys', () => {
  afterEach(() => document.body.replaceChildren());

  it("lists the user's keys: name, hint, models, own budget, dates and status", async () => {
    const { element } = await renderKeys([
      key({ budget: { usdPerMonth: 5 }, lastUsedAt: '2026-11-20T08:00:00Z' }),
      key({ keyId: 'qrstuvwxyz234567', name: 'ci', status: 'revoked' }),
    ]);
    const rows = [...element.querySelectorAll('tbody tr')];
    expect(rows.map((row) => row.querySelector('th')?.textContent?.trim())).toEqual([
      'laptop',
      'ci',
    ]);
    const cell = (row: Element, label: string) =>
      row.querySelector(`td[data-label="${label}"]`)?.textContent?.trim();
    expect(cell(rows[0]!, 'Key')).toBe('mlg_abcdefghijklmnop_…');
    expect(cell(rows[0]!, 'Models')).toBe('local.echo');
    expect(cell(rows[0]!, 'Budget')).toContain('5');
    expect(cell(rows[0]!, 'Last used')).not.toBe('Never');
    expect(cell(rows[1]!, 'Last used')).toBe('Never');
    expect(cell(rows[1]!, 'Budget')).toBe('Your budget');
    expect(cell(rows[1]!, 'Status')).toBe('revoked');
    // Only an active key can be revoked.
    expect(rows[0]!.querySelector('app-confirm-action')).not.toBeNull();
    expect(rows[1]!.querySelector('app-confirm-action')).toBeNull();
  });

  it('creates a key from the form and shows its secret once, with the focus on it', async () => {
    const { http, element, byText, field, type } = await renderKeys([]);
    expect(element.textContent).toContain('You have no keys yet.');
    const create = byText('Create key');
    expect(create.disabled).toBe(true);

    type('key-name', ' laptop ');
    const model = element.querySelector<HTMLInputElement>('fieldset input[type=checkbox]')!;
    model.checked = true;
    model.dispatchEvent(new Event('change'));
    type('key-days', '7');
    type('key-budget', '2.5');
    await settle();
    expect(create.disabled).toBe(false);
    create.form!.dispatchEvent(new Event('submit'));
    await settle();

    const request = http.expectOne((r) => r.url === KEYS && r.method === 'POST');
    expect(request.request.body).toEqual({
      name: 'laptop',
      models: ['local.echo'],
      expiresInDays: 7,
      budget: { usdPerMonth: 2.5 },
    });
    const secret = `mlg_abcdefghijklmnop_${'s'.repeat(43)}`;
    request.flush(envelope({ ...key(), secret }));
    await settle();
    http.expectOne(KEYS).flush(envelope({ keys: [key()], limits: LIMITS }));
    await settle();

    expect(field('new-key-secret').value).toBe(secret);
    expect(document.activeElement?.id).toBe('new-key-heading');
    // The form is empty again for the next key.
    expect(field('key-name').value).toBe('');

    byText('Done').click();
    await settle();
    expect(element.querySelector('#new-key-secret')).toBeNull();
    expect(element.textContent).not.toContain(secret);
  });

  it('refuses an expiry beyond the deployment maximum', async () => {
    const { element, byText, type } = await renderKeys([]);
    type('key-name', 'laptop');
    const model = element.querySelector<HTMLInputElement>('fieldset input[type=checkbox]')!;
    model.checked = true;
    model.dispatchEvent(new Event('change'));
    type('key-days', '91');
    await settle();
    expect(byText('Create key').disabled).toBe(true);
    expect(element.querySelector('#key-days-hint')?.textContent).toContain('90');
  });

  it('revokes only after confirmation, then lists the key as revoked', async () => {
    const { http, byLabel } = await renderKeys([key()]);
    byLabel('Revoke laptop')!.click();
    await settle();
    http.expectNone((r) => r.method === 'DELETE');
    byLabel('Confirm revoke laptop')!.click();
    await settle();
    const revoke = http.expectOne(`${KEYS}/abcdefghijklmnop`);
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush(envelope(key({ status: 'revoked' })));
    await settle();
    http.expectOne(KEYS).flush(envelope({ keys: [key({ status: 'revoked' })], limits: LIMITS }));
    await settle();
    expect(byLabel('Revoke laptop')).toBeNull();
    expect(document.activeElement?.id).toBe('status-abcdefghijklmnop');
    http.verify();
  });

  it('shows the error when revoking fails and keeps the key', async () => {
    const { http, element, byLabel } = await renderKeys([key()]);
    byLabel('Revoke laptop')!.click();
    await settle();
    byLabel('Confirm revoke laptop')!.click();
    await settle();
    http.expectOne(`${KEYS}/abcdefghijklmnop`).flush(
      {
        success: false,
        error: { code: 'INTERNAL_ERROR', message: 'Something failed' },
        requestId: 'r',
      },
      { status: 500, statusText: 'Internal Server Error' },
    );
    await settle();
    expect(element.querySelector('[role=alert]')).not.toBeNull();
    // Still confirmable: the user may try again.
    expect(byLabel('Confirm revoke laptop')?.disabled).toBe(false);
  });
});
