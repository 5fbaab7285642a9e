import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { AuditEntry } from '../../../../amplify/contract/audit';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { AuditLog } from './audit-log';

/** Lets HTTP callbacks, signals and change detection run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });

const entry: AuditEntry = {
  recordId: 'UkVDIzQy',
  kind: 'guardrail',
  at: '2026-11-30T10:11:12.000Z',
  requestId: 'req-42',
  sub: 's-alice',
  username: 'alice',
  group: 'MLUsers',
  action: 'POST /ml/bedrock',
  model: 'model-a',
  policy: 'strict-pii',
  policyVersion: 'abcdef012345',
  outcome: 'guardrail_intervened',
  status: 422,
  intervention: 'detector:card',
  latencyMs: 4,
  retentionDays: 400,
  contentCaptured: 'sha256',
};

describe('AuditLog', () => {
  it("lists today's records, then the filtered day, a page at a time, without content", async () => {
    await setUpTestApp({ groups: ['Administrators'] });
    const fixture = TestBed.createComponent(AuditLog);
    await settle();
    const http = TestBed.inject(HttpTestingController);
    const today = new Date().toISOString().slice(0, 10);
    const first = http.expectOne((request) => request.url === `${API_URL}/audit/records`);
    expect(first.request.params.keys()).toEqual(['day']);
    expect(first.request.params.get('day')).toBe(today);
    first.flush(envelope({ records: [entry], cursor: 'next-page' }));
    await settle();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const cells = [...element.querySelectorAll('tbody tr td')].map((cell) =>
      cell.textContent?.trim(),
    );
    expect(cells).toContain('alice');
    expect(cells.some((cell) => cell?.startsWith('sha256'))).toBe(true);
    expect(element.textContent).toContain('Read content');
    expect(cells.join(' ')).toContain('detector:card');

    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'More')!.click();
    await settle();
    const more = http.expectOne((request) => request.url === `${API_URL}/audit/records`);
    expect(more.request.params.get('cursor')).toBe('next-page');
    more.flush(envelope({ records: [{ ...entry, requestId: 'req-43' }] }));
    await settle();
    fixture.detectChanges();
    expect(element.querySelectorAll('tbody tr')).toHaveLength(2);
    // Each record's Read content dialog has ids of its own.
    const ids = [...element.querySelectorAll('[id]')].map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);

    const kind = element.querySelector('#audit-kind') as HTMLSelectElement;
    kind.value = 'admin-action';
    kind.dispatchEvent(new Event('change'));
    (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await settle();
    const filtered = http.expectOne((request) => request.url === `${API_URL}/audit/records`);
    expect(filtered.request.params.get('kind')).toBe('admin-action');
    expect(filtered.request.params.has('cursor')).toBe(false);
    filtered.flush(envelope({ records: [] }));
    await settle();
    fixture.detectChanges();
    expect(element.textContent).toContain('No audit records match.');
  });

  it('lists what an admin action changed, each item with its before and after', async () => {
    await setUpTestApp({ groups: ['Administrators'] });
    const fixture = TestBed.createComponent(AuditLog);
    await settle();
    const http = TestBed.inject(HttpTestingController);
    http
      .expectOne((request) => request.url === `${API_URL}/audit/records`)
      .flush(
        envelope({
          records: [
            {
              ...entry,
              kind: 'admin-action',
              action: 'PUT /admin/group-mapping',
              changes: [
                { item: 'appRole:MLGateway.Users', before: 'MLUsers', after: 'ReadOnly' },
                { item: 'groupDisplayName:Finance', before: 'ReadOnly' },
              ],
            },
          ],
        }),
      );
    await settle();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const items = [...element.querySelectorAll('ul[aria-label=Changes] li')].map((item) =>
      item.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(items).toEqual([
      'appRole:MLGateway.Users: MLUsers → ReadOnly',
      'groupDisplayName:Finance: ReadOnly → removed',
    ]);
  });
});
