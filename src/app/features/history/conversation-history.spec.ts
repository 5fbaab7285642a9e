import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { pageInjector } from '../../../testing/page-injector';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { startExchange } from '../chat/conversation';
import { ConversationHistory } from './conversation-history';

const LIST = `${API_URL}/history/conversations`;
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r' });

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

async function history() {
  await setUpTestApp({ groups: ['MLUsers'] });
  const service = pageInjector([ConversationHistory]).get(ConversationHistory);
  const http = TestBed.inject(HttpTestingController);
  TestBed.tick();
  await settle();
  http.expectOne(LIST).flush(envelope({ conversations: [] }));
  await settle();
  return { service, http };
}

/** Lets the list's reload start, then answers it. */
async function expectListAgain(http: HttpTestingController): Promise<void> {
  TestBed.tick();
  await settle();
  http.expectOne(LIST).flush(envelope({ conversations: [] }));
}

describe('ConversationHistory', () => {
  it('saves only finished exchanges; nothing at all when none finished', async () => {
    const { service, http } = await history();
    const failed = startExchange('Lost', 'Echo');
    failed.status.set('failed');
    await service.save('conv-1', 'echo', [failed]);
    await settle();
    http.expectNone(`${LIST}/conv-1`);

    const done = startExchange('Hello', 'Echo');
    done.answer.set('Hi');
    done.status.set('done');
    const saved = service.save('conv-1', 'echo', [failed, done]);
    await settle();
    const put = http.expectOne(`${LIST}/conv-1`);
    expect(put.request.body).toEqual({
      modelId: 'echo',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi' },
      ],
    });
    put.flush(envelope({}));
    await saved;
    await expectListAgain(http);
    expect(service.saveError()).toBeUndefined();
  });

  it('keeps why a save failed, for the page to show', async () => {
    const { service, http } = await history();
    const done = startExchange('Hello', 'Echo');
    done.answer.set('Hi');
    done.status.set('done');
    const saved = service.save('conv-1', 'echo', [done]);
    await settle();
    http.expectOne(`${LIST}/conv-1`).flush(
      {
        success: false,
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'Too big' },
        requestId: 'r',
      },
      { status: 413, statusText: 'Payload Too Large' },
    );
    await saved;
    expect(service.saveError()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('renames and deletes, listing again after each', async () => {
    const { service, http } = await history();
    const renamed = service.rename('conv-1', 'New title');
    await settle();
    const patch = http.expectOne(`${LIST}/conv-1`);
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ title: 'New title' });
    patch.flush(envelope({}));
    await renamed;
    await expectListAgain(http);

    const deleted = service.delete('conv-1');
    await settle();
    const del = http.expectOne(`${LIST}/conv-1`);
    expect(del.request.method).toBe('DELETE');
    del.flush(null);
    await deleted;
    await expectListAgain(http);
    http.verify();
  });
});
