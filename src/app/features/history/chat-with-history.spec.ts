import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import { API_URL, ndjsonResponse, setUpTestApp } from '../../../testing/test-app';
import { Chat } from '../chat/chat';
import { chatUrlMatcher } from '../chat/chat-url';

const envelope = (data: unknown) => ({ success: true, data, requestId: 'r' });
const LIST = `${API_URL}/history/conversations`;
const MODELS = envelope({
  models: [{ id: 'local.echo', label: 'Echo', provider: 'bedrock', limits: {} }],
});

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

describe('Chat with the history sidebar', () => {
  it('saves the conversation after an answer, and opening a saved one restores it', async () => {
    const stream = ndjsonResponse();
    await setUpTestApp({
      groups: ['MLUsers'],
      fetch: async () => stream.response,
      routes: [{ matcher: chatUrlMatcher, component: Chat }],
    });
    const fixture = TestBed.createComponent(Chat);
    await settle();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne(`${API_URL}/ml/models`).flush(MODELS);
    http.expectOne(LIST).flush(envelope({ conversations: [] }));
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('app-history-sidebar')).not.toBeNull();

    const textarea = element.querySelector<HTMLTextAreaElement>('textarea#prompt')!;
    textarea.value = 'Hello';
    textarea.dispatchEvent(new Event('input'));
    element.querySelector('form.composer')!.dispatchEvent(new Event('submit'));
    await settle();
    stream.push({ type: 'delta', text: 'Hi there' });
    stream.push({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 2 },
      latencyMs: 5,
    });
    stream.end();
    await settle();

    const save = http.expectOne((request) => request.method === 'PUT');
    expect(save.request.url).toMatch(new RegExp(`^${LIST}/[A-Za-z0-9-]{8,64}$`));
    expect(save.request.body).toEqual({
      modelId: 'local.echo',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi there', modelId: 'local.echo' },
      ],
    });
    const savedId = save.request.url.split('/').at(-1)!;
    save.flush(envelope({ conversationId: savedId, title: 'Hello' }));
    await settle();
    // Saved, the conversation has its URL.
    expect(TestBed.inject(Router).url).toBe(`/chat/${savedId}`);
    const older = {
      conversationId: 'older-conv',
      title: 'Older',
      modelId: 'local.echo',
      messageCount: 2,
      createdAt: '2026-11-20T10:00:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
    };
    http.expectOne(LIST).flush(envelope({ conversations: [older] }));
    await settle();

    [...element.querySelectorAll<HTMLButtonElement>('.open')]
      .find((b) => b.textContent?.trim() === 'Older')!
      .click();
    await settle();
    http.expectOne(`${LIST}/older-conv`).flush(
      envelope({
        ...older,
        messages: [
          { role: 'user', content: 'Old question' },
          { role: 'assistant', content: 'Old answer' },
        ],
      }),
    );
    await settle();
    const log = element.querySelector('[role=log]')!;
    expect(log.textContent).toContain('Old question');
    expect(log.textContent).toContain('Old answer');
    expect(log.textContent).not.toContain('Hi there');
    expect(element.querySelector('[aria-current=true]')?.textContent?.trim()).toBe('Older');
  });
});
