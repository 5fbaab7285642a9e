import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ConversationHistory } from './conversation-history';
import { HistorySidebar } from './history-sidebar';
import type { Conversation } from './history-types';

/** Lets HTTP callbacks, signals and change detection run (a pending request keeps the fixture unstable). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });
const LIST = `${API_URL}/history/conversations`;
const summary = (id: string, title: string) => ({
  conversationId: id,
  title,
  modelId: 'echo',
  messageCount: 2,
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
});

async function renderSidebar() {
  await setUpTestApp({ groups: ['MLUsers'], providers: [ConversationHistory] });
  const fixture = TestBed.createComponent(HistorySidebar);
  fixture.componentRef.setInput('activeId', 'conv-2');
  await settle();
  const http = TestBed.inject(HttpTestingController);
  http
    .expectOne(LIST)
    .flush(envelope({ conversations: [summary('conv-1', 'First'), summary('conv-2', 'Second')] }));
  await settle();
  const element = fixture.nativeElement as HTMLElement;
  const button = (text: string) =>
    [...element.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === text || b.getAttribute('aria-label') === text,
    )!;
  return { fixture, http, element, button };
}

describe('HistorySidebar', () => {
  it('lists conversations, marks the open one and opens another', async () => {
    const { fixture, http, element, button } = await renderSidebar();
    const titles = [...element.querySelectorAll('.open')].map((b) => b.textContent?.trim());
    expect(titles).toEqual(['First', 'Second']);
    expect(element.querySelector('[aria-current=true]')?.textContent?.trim()).toBe('Second');

    const opened: Conversation[] = [];
    fixture.componentInstance.opened.subscribe((conversation) => opened.push(conversation));
    button('First').click();
    await settle();
    const conversation = {
      ...summary('conv-1', 'First'),
      messages: [{ role: 'user', content: 'hi' }],
    };
    http.expectOne(`${LIST}/conv-1`).flush(envelope(conversation));
    await settle();
    expect(opened).toEqual([conversation]);
    http.verify();
  });

  it('renames with the new title and lists again', async () => {
    const { http, element, button } = await renderSidebar();
    // Only the open conversation (Second) has Rename and Delete: one Tab stop per row.
    expect(element.querySelector('[aria-label="Rename First"]')).toBeNull();
    button('Rename Second').click();
    await settle();
    await settle();
    const input = element.querySelector<HTMLInputElement>('#rename-conv-2')!;
    expect(input.value).toBe('Second');
    input.value = 'Budget questions';
    input.dispatchEvent(new Event('input'));
    input.form!.dispatchEvent(new Event('submit'));
    await settle();
    const rename = http.expectOne(`${LIST}/conv-2`);
    expect(rename.request.method).toBe('PATCH');
    expect(rename.request.body).toEqual({ title: 'Budget questions' });
    rename.flush(envelope(summary('conv-2', 'Budget questions')));
    await settle();
    http
      .expectOne(LIST)
      .flush(envelope({ conversations: [summary('conv-2', 'Budget questions')] }));
    await settle();
    expect(element.querySelector('.open')?.textContent?.trim()).toBe('Budget questions');
    // The focus is back on the renamed conversation.
    expect(document.activeElement?.id).toBe('open-conv-2');
  });

  it('puts the focus on the renamed row when the row renders after the first try', async () => {
    const { http, element, button } = await renderSidebar();
    button('Rename Second').click();
    await settle();
    await settle();
    const input = element.querySelector<HTMLInputElement>('#rename-conv-2')!;
    input.value = 'Later';
    input.dispatchEvent(new Event('input'));
    input.form!.dispatchEvent(new Event('submit'));
    await settle();
    // A slow page: the row is not there yet when the focus first moves (it goes to "New").
    const id = Object.getOwnPropertyDescriptor(Element.prototype, 'id')!.get!;
    const hidden = vi.spyOn(Element.prototype, 'id', 'get').mockImplementation(function (
      this: Element,
    ) {
      const real = id.call(this) as string;
      return real === 'open-conv-2' ? '' : real;
    });
    http.expectOne(`${LIST}/conv-2`).flush(envelope(summary('conv-2', 'Later')));
    await settle();
    http.expectOne(LIST).flush(envelope({ conversations: [summary('conv-2', 'Later')] }));
    await settle();
    expect(document.activeElement?.textContent?.trim()).toBe('New conversation');
    hidden.mockRestore();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(document.activeElement?.id).toBe('open-conv-2');
  });

  it('deletes only after confirmation and reports the deleted id', async () => {
    const { fixture, http, button } = await renderSidebar();
    const deleted: string[] = [];
    fixture.componentInstance.deleted.subscribe((id) => deleted.push(id));
    button('Delete Second').click();
    await settle();
    await settle();
    http.expectNone(`${LIST}/conv-2`);
    button('Confirm delete Second').click();
    await settle();
    const request = http.expectOne(`${LIST}/conv-2`);
    expect(request.request.method).toBe('DELETE');
    request.flush(envelope({ conversationId: 'conv-2', deleted: true }));
    await settle();
    expect(deleted).toEqual(['conv-2']);
    http.expectOne(LIST).flush(envelope({ conversations: [] }));
    await settle();
  });

  it('lists the next page when asked (nextCursor)', async () => {
    await setUpTestApp({ groups: ['MLUsers'], providers: [ConversationHistory] });
    const fixture = TestBed.createComponent(HistorySidebar);
    await settle();
    const http = TestBed.inject(HttpTestingController);
    http
      .expectOne(LIST)
      .flush(envelope({ conversations: [summary('conv-1', 'First')], nextCursor: 'c2' }));
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    const more = [...element.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Load more conversations',
    )!;
    more.click();
    await settle();
    http
      .expectOne((request) => request.url === LIST && request.params.get('cursor') === 'c2')
      .flush(envelope({ conversations: [summary('conv-9', 'Older')] }));
    await settle();
    const titles = [...element.querySelectorAll('.open')].map((b) => b.textContent?.trim());
    expect(titles).toEqual(['First', 'Older']);
    expect(element.textContent).not.toContain('Load more conversations');
  });

  it('shows an error when an action fails', async () => {
    const { http, element, button } = await renderSidebar();
    button('First').click();
    await settle();
    http.expectOne(`${LIST}/conv-1`).flush(
      {
        success: false,
        error: { code: 'CONVERSATION_NOT_FOUND', message: 'No such conversation' },
        requestId: 'r',
      },
      { status: 404, statusText: 'Not Found' },
    );
    await settle();
    expect(element.querySelector('[role=alert]')).not.toBeNull();
  });
});
