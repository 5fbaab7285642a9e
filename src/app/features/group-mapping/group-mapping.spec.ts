import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { GroupMappingDocument } from '../../../../amplify/contract/group-mapping';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { GroupMapping } from './group-mapping';

/** Lets HTTP callbacks, signals and change detection run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });
const URL = `${API_URL}/admin/group-mapping`;

const stored: GroupMappingDocument = {
  version: 3,
  entries: [
    { source: 'appRole', value: 'MLGateway.Users', group: 'MLUsers' },
    {
      source: 'groupObjectId',
      value: '5f0c6f3e-1111-4a4a-9b9b-000000000001',
      group: 'ReadOnly',
      department: 'research',
    },
  ],
};

async function open() {
  await setUpTestApp({ groups: ['Administrators'] });
  const fixture = TestBed.createComponent(GroupMapping);
  const http = TestBed.inject(HttpTestingController);
  await settle();
  http.expectOne({ method: 'GET', url: URL }).flush(envelope(stored));
  await settle();
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const type = (selector: string, value: string) => {
    const input = element.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  const button = (name: string) =>
    [...element.querySelectorAll('button')].find(
      (candidate) =>
        candidate.getAttribute('aria-label') === name || candidate.textContent?.trim() === name,
    ) as HTMLButtonElement;
  const submit = async () => {
    element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  };
  const rows = () =>
    [...element.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td, th')].map((cell) => cell.textContent?.trim()).slice(0, 6),
    );
  return { fixture, http, element, type, button, submit, rows };
}

describe('GroupMapping', () => {
  it('lists the entries with their source, group and claims, and the version', async () => {
    const { element, rows } = await open();
    expect(rows()).toEqual([
      ['1', 'App role', 'MLGateway.Users', 'MLUsers', '—', '—'],
      ['2', 'Group object id', '5f0c6f3e-1111-4a4a-9b9b-000000000001', 'ReadOnly', 'research', '—'],
    ]);
    expect(element.querySelector('#entries-heading')?.textContent).toContain('version 3');
  });

  it('adds an entry: sends the whole table with the version read, then shows the saved one', async () => {
    const { fixture, http, type, submit, rows, element } = await open();
    type('#entry-source', 'groupDisplayName');
    type('#entry-value', '  ML Gateway Admins ');
    type('#entry-group', 'Administrators');
    type('#entry-cost-centre', 'CC-7');
    await submit();
    const put = http.expectOne({ method: 'PUT', url: URL });
    const sent = {
      source: 'groupDisplayName',
      value: 'ML Gateway Admins',
      group: 'Administrators',
      costCentre: 'CC-7',
    };
    expect(put.request.body).toEqual({ version: 3, entries: [...stored.entries, sent] });
    put.flush(
      envelope({
        mapping: { version: 4, entries: [...stored.entries, sent] },
        changes: [{ item: 'groupDisplayName:ML Gateway Admins', after: 'Administrators' }],
      }),
    );
    await settle();
    fixture.detectChanges();
    expect(rows()[2]).toEqual([
      '3',
      'Group display name',
      'ML Gateway Admins',
      'Administrators',
      '—',
      'CC-7',
    ]);
    expect(element.querySelector('[role=status]')?.textContent).toContain(
      'Added ML Gateway Admins',
    );
    expect((element.querySelector('#entry-value') as HTMLInputElement).value).toBe('');
  });

  it('edits an entry in place and puts the focus in its value', async () => {
    const { fixture, http, button, type, submit, element } = await open();
    button('Edit MLGateway.Users').click();
    await settle();
    fixture.detectChanges();
    expect(document.activeElement?.id).toBe('entry-value');
    expect(element.querySelector('#entry-form-heading')?.textContent).toContain('Edit entry 1');
    type('#entry-department', 'sales');
    await submit();
    const put = http.expectOne({ method: 'PUT', url: URL });
    expect(put.request.body.entries[0]).toEqual({
      source: 'appRole',
      value: 'MLGateway.Users',
      group: 'MLUsers',
      department: 'sales',
    });
    expect(put.request.body.entries).toHaveLength(2);
  });

  it('deletes only after a confirmation, which Escape cancels', async () => {
    const { fixture, http, button, element } = await open();
    button('Delete MLGateway.Users').click();
    await settle();
    fixture.detectChanges();
    const confirm = button('Confirm delete MLGateway.Users');
    expect(document.activeElement).toBe(confirm);
    confirm.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    fixture.detectChanges();
    expect(button('Confirm delete MLGateway.Users')).toBeUndefined();
    http.expectNone({ method: 'PUT', url: URL });

    button('Delete MLGateway.Users').click();
    await settle();
    fixture.detectChanges();
    button('Confirm delete MLGateway.Users').click();
    await settle();
    const put = http.expectOne({ method: 'PUT', url: URL });
    expect(put.request.body).toEqual({ version: 3, entries: [stored.entries[1]] });
    put.flush(envelope({ mapping: { version: 4, entries: [stored.entries[1]] }, changes: [] }));
    await settle();
    fixture.detectChanges();
    expect(element.querySelectorAll('tbody tr')).toHaveLength(1);
  });

  it('shows a value already mapped, and each field the API refuses, beside its input', async () => {
    const { fixture, http, type, submit, element } = await open();
    type('#entry-value', 'MLGateway.Users');
    await submit();
    fixture.detectChanges();
    http.expectNone({ method: 'PUT', url: URL });
    expect(element.querySelector('#entry-value-problem')?.textContent).toContain(
      'Entry 1 already maps this app role',
    );
    expect(element.querySelector('#entry-value')?.getAttribute('aria-invalid')).toBe('true');

    type('#entry-value', 'two words');
    type('#entry-department', 'R&D <1>');
    await submit();
    http.expectOne({ method: 'PUT', url: URL }).flush(
      {
        success: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'entries.2.value: an app-role value has no spaces',
          field: 'entries.2.value',
          details: {
            fields: [
              {
                field: 'entries.2.value',
                message: 'an app-role value has no spaces, commas, brackets or quotes',
              },
              {
                field: 'entries.2.department',
                message: 'may hold letters, digits, spaces and . _ - & / only',
              },
            ],
          },
        },
        requestId: 'r2',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    fixture.detectChanges();
    expect(element.querySelector('#entry-value-problem')?.textContent).toContain(
      'An app-role value has no spaces',
    );
    expect(element.querySelector('#entry-department-problem')?.textContent).toContain(
      'May hold letters',
    );
    expect(document.activeElement?.getAttribute('aria-invalid')).toBe('true');
  });

  it('on a conflict, says so, loads the table saved meanwhile and keeps the form as typed', async () => {
    const { fixture, http, type, submit, element, rows } = await open();
    type('#entry-value', 'MLGateway.New');
    await submit();
    http.expectOne({ method: 'PUT', url: URL }).flush(
      {
        success: false,
        error: {
          code: 'MAPPING_VERSION_CONFLICT',
          message: 'Another administrator changed the group mapping',
          details: { currentVersion: 4 },
        },
        requestId: 'r3',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    const theirs = { version: 4, entries: [stored.entries[0]] };
    http.expectOne({ method: 'GET', url: URL }).flush(envelope(theirs));
    await settle();
    fixture.detectChanges();
    expect(element.querySelector('#conflict')?.textContent).toContain('nothing was saved');
    expect(rows()).toHaveLength(1);
    expect((element.querySelector('#entry-value') as HTMLInputElement).value).toBe('MLGateway.New');
    await submit();
    expect(http.expectOne({ method: 'PUT', url: URL }).request.body.version).toBe(4);
  });
});
