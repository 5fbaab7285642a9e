import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { type AuditEntry, CONTENT_READ_REASON } from '../../../../amplify/contract/audit';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ContentRead } from './content-read';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });

const entry: AuditEntry = {
  recordId: 'UkVDIzIwMjY',
  kind: 'model-call',
  at: '2026-11-30T10:11:12.000Z',
  requestId: 'req-42',
  sub: 's-alice',
  username: 'alice',
  action: 'POST /ml/bedrock',
  outcome: 'ok',
  status: 200,
  latencyMs: 4,
  retentionDays: 90,
  contentCaptured: 'kms',
};

/** jsdom has the element but not its modal methods: open and close by the attribute. */
function allowModalDialogs(): void {
  const proto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
  proto.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

async function render() {
  allowModalDialogs();
  await setUpTestApp({ groups: ['Administrators'] });
  const fixture = TestBed.createComponent(ContentRead);
  fixture.componentRef.setInput('record', entry);
  fixture.detectChanges();
  await settle();
  const element = fixture.nativeElement as HTMLElement;
  const button = (text: string) =>
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
  const type = (reason: string) => {
    const area = element.querySelector('textarea') as HTMLTextAreaElement;
    area.value = reason;
    area.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  };
  return { fixture, element, button, type, http: TestBed.inject(HttpTestingController) };
}

describe('ContentRead', () => {
  it('asks for a reason, sends it, and shows the content only after the answer', async () => {
    const { fixture, element, button, type, http } = await render();
    button('Read content').click();
    fixture.detectChanges();
    expect(element.querySelector('dialog')!.hasAttribute('open')).toBe(true);
    expect(element.textContent).toContain('alice will see them');
    const read = button('Record reason and read');
    expect(read.disabled).toBe(true);
    type('too short');
    expect(read.disabled).toBe(true);
    type('   Ticket SEC-9: legal hold   ');
    expect(read.disabled).toBe(false);
    expect(element.querySelector('pre')).toBeNull();

    (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await settle();
    const request = http.expectOne(`${API_URL}/audit/records/${entry.recordId}/content`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ reason: 'Ticket SEC-9: legal hold' });
    expect(element.querySelector('pre')).toBeNull();
    request.flush(envelope({ recordId: entry.recordId, mode: 'kms', content: '{"prompt":"hi"}' }));
    await settle();
    fixture.detectChanges();
    expect(element.querySelector('pre')!.textContent).toBe('{"prompt":"hi"}');

    // Closing forgets it: opening again asks for a reason again.
    button('Close').click();
    fixture.detectChanges();
    expect(element.querySelector('pre')).toBeNull();
    expect(element.querySelector('textarea')).not.toBeNull();
    http.verify();
  });

  it('shows the refusal and no content when the server refuses', async () => {
    const { fixture, element, button, type, http } = await render();
    button('Read content').click();
    type('x'.repeat(CONTENT_READ_REASON.minChars));
    (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await settle();
    http
      .expectOne(`${API_URL}/audit/records/${entry.recordId}/content`)
      .flush(
        { success: false, error: { code: 'AUDIT_RECORD_TAMPERED', message: 'not opened' } },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    fixture.detectChanges();
    expect(element.querySelector('pre')).toBeNull();
    expect(element.querySelector('[role=alert]')).not.toBeNull();
  });
});
