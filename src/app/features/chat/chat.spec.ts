import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { API_URL, ndjsonResponse, setUpTestApp } from '../../../testing/test-app';
import { Chat } from './chat';
import { chatUrlMatcher } from './chat-url';

const MODELS = {
  success: true,
  requestId: 'r',
  data: {
    models: [
      { id: 'local.echo', label: 'Echo', provider: 'bedrock', limits: {} },
      { id: 'local.sm', label: 'Regressor', provider: 'sagemaker', mode: 'sync', limits: {} },
    ],
  },
};

/** One model that reads PNG images (its catalog `attachments`). */
const READER_MODELS = {
  ...MODELS,
  data: {
    models: [
      {
        id: 'local.attachments',
        label: 'Reader',
        provider: 'bedrock',
        limits: {},
        attachments: { images: { formats: ['png'], maxBytes: 1000, maxCount: 2 } },
      },
    ],
  },
};

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

async function renderChat(
  groups: string[],
  fetch?: (url: string, init?: RequestInit) => Promise<Response>,
  models: object = MODELS,
) {
  await setUpTestApp({ groups, fetch, routes: [{ matcher: chatUrlMatcher, component: Chat }] });
  const fixture = TestBed.createComponent(Chat);
  await settle();
  TestBed.inject(HttpTestingController).expectOne(`${API_URL}/ml/models`).flush(models);
  // Settled with timers: fixture.whenStable() never resolves for this view under jsdom.
  await settle();
  return { element: fixture.nativeElement as HTMLElement };
}

function typeAndSend(element: HTMLElement, text: string): void {
  const textarea = element.querySelector('textarea#prompt') as HTMLTextAreaElement;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input'));
  (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
}

describe('Chat', () => {
  it('lists only Bedrock models and streams an answer token by token', async () => {
    const stream = ndjsonResponse();
    const { element } = await renderChat(['MLUsers'], async () => stream.response);
    const options = [...element.querySelectorAll('#model option')].map((option) =>
      option.textContent?.trim(),
    );
    expect(options).toEqual(['Echo']);
    typeAndSend(element, 'Hello');
    await settle();
    stream.push({ type: 'delta', text: 'Hi ' });
    await settle();
    await settle();
    expect(element.querySelector('.markdown')?.textContent).toContain('Hi');
    expect(element.querySelector('article')?.getAttribute('aria-busy')).toBe('true');
    stream.push({ type: 'delta', text: '**there**' });
    stream.push({
      type: 'done',
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 2 },
      latencyMs: 9,
    });
    stream.end();
    await settle();
    await settle();
    expect(element.querySelector('.markdown strong')?.textContent).toBe('there');
    expect(element.querySelector('[data-testid=usage]')?.textContent).toContain('2 output tokens');
    expect(element.querySelector('article')?.getAttribute('aria-busy')).toBe('false');
  });

  it('shows what each answer cost and the conversation so far', async () => {
    const streams = [ndjsonResponse(), ndjsonResponse()];
    let call = 0;
    const { element } = await renderChat(['MLUsers'], async () => streams[call++]!.response);
    for (const [index, cost] of [21_000, 1_250_000_000].entries()) {
      typeAndSend(element, `Question ${index}`);
      await settle();
      streams[index]!.push({ type: 'delta', text: 'Answer' });
      streams[index]!.push({ type: 'done', stopReason: 'end_turn', costNanoUsd: cost });
      streams[index]!.end();
      await settle();
      await settle();
    }
    const costs = [...element.querySelectorAll('[data-testid=cost]')].map((item) =>
      item.textContent?.trim(),
    );
    expect(costs).toEqual(['$0.000021 charged', '$1.25 charged']);
    expect(element.querySelector('[data-testid=conversation-cost]')?.textContent?.trim()).toBe(
      '$1.25 charged so far',
    );
  });

  it('gives the text and the files back when a send with files fails', async () => {
    const sent: unknown[] = [];
    const { element } = await renderChat(
      ['MLUsers'],
      async (_url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return Response.json(
          {
            success: false,
            error: { code: 'BAD_REQUEST', message: 'messages.0.attachments.0.data: not a png' },
            requestId: 'r',
          },
          { status: 400 },
        );
      },
      READER_MODELS,
    );
    const input = element.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: [new File([new Uint8Array([137, 80, 78, 71])], 'cat.png')],
    });
    input.dispatchEvent(new Event('change'));
    await settle();
    typeAndSend(element, 'What is this?');
    await settle();
    await settle();
    expect(sent).toHaveLength(1);
    expect(
      (sent[0] as { messages: { attachments: { name: string }[] }[] }).messages[0]!.attachments[0]!
        .name,
    ).toBe('cat.png');
    expect((element.querySelector('textarea#prompt') as HTMLTextAreaElement).value).toBe(
      'What is this?',
    );
    expect(element.querySelector('[data-testid=attachment-chip]')?.textContent).toContain(
      'cat.png',
    );
  });

  it('Edit puts a sent message back with its files', async () => {
    const stream = ndjsonResponse();
    const { element } = await renderChat(['MLUsers'], async () => stream.response, READER_MODELS);
    const input = element.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', {
      value: [new File([new Uint8Array([137, 80, 78, 71])], 'cat.png')],
    });
    input.dispatchEvent(new Event('change'));
    await settle();
    typeAndSend(element, 'What is this?');
    await settle();
    stream.push({ type: 'delta', text: 'A cat' });
    stream.push({ type: 'done', stopReason: 'end_turn' });
    stream.end();
    await settle();
    await settle();
    expect(element.querySelector('[data-testid=attachment-chip]')).toBeNull();
    expect(element.querySelector('[data-testid=sent-attachment]')?.textContent).toContain(
      'cat.png',
    );
    const edit = [...element.querySelectorAll('button')].find(
      (button) => button.textContent?.trim() === 'Edit message',
    );
    edit!.click();
    await settle();
    expect((element.querySelector('textarea#prompt') as HTMLTextAreaElement).value).toBe(
      'What is this?',
    );
    expect(element.querySelector('[data-testid=attachment-chip]')?.textContent).toContain(
      'cat.png',
    );
  });

  it('Stop aborts the stream and keeps the partial answer', async () => {
    const stream = ndjsonResponse();
    let signal: AbortSignal | undefined;
    const { element } = await renderChat(['MLUsers'], async (_url, init) => {
      signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () =>
        stream.fail(new DOMException('aborted', 'AbortError')),
      );
      return stream.response;
    });
    typeAndSend(element, 'Tell a long story');
    await settle();
    stream.push({ type: 'delta', text: 'Once upon a time' });
    await settle();
    await settle();
    const stop = [...element.querySelectorAll('button')].find(
      (button) => button.textContent?.trim() === 'Stop',
    );
    expect(stop).toBeDefined();
    stop?.click();
    await settle();
    await settle();
    expect(signal?.aborted).toBe(true);
    expect(element.textContent).toContain('Stopped.');
    expect(element.querySelector('.markdown')?.textContent).toContain('Once upon a time');
  });

  it('shows a 429 with the time to wait and blocks sending meanwhile', async () => {
    const { element } = await renderChat(['MLUsers'], async () =>
      Response.json(
        { success: false, error: { code: 'THROTTLED', message: 'Slow down.' }, requestId: 'r' },
        { status: 429, headers: { 'Retry-After': '30' } },
      ),
    );
    typeAndSend(element, 'Hello');
    await settle();
    await settle();
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Try again in 30 s');
    const textarea = element.querySelector('textarea#prompt') as HTMLTextAreaElement;
    textarea.value = 'Again';
    textarea.dispatchEvent(new Event('input'));
    await settle();
    expect((element.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says a spent budget with its local reset, without a countdown or holding Send', async () => {
    const now = new Date();
    const resetsAt = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 1);
    const { element } = await renderChat(['MLUsers'], async () =>
      Response.json(
        {
          success: false,
          error: {
            code: 'BUDGET_EXCEEDED',
            message: 'Daily budget exceeded',
            details: {
              scope: 'user',
              period: 'day',
              unit: 'usd',
              limit: 5,
              resetsAt: resetsAt.toISOString(),
            },
          },
          requestId: 'r',
        },
        { status: 429, headers: { 'Retry-After': '30' } },
      ),
    );
    typeAndSend(element, 'Hello');
    await settle();
    await settle();
    const alert = element.querySelector('[role=alert]')?.textContent ?? '';
    expect(alert).toContain('Your daily budget of $5.00 is used up. It resets at 01:00 tomorrow.');
    expect(alert).not.toContain('Try again in');
    expect(element.textContent).not.toContain('Waiting for the rate limit');
    const textarea = element.querySelector('textarea#prompt') as HTMLTextAreaElement;
    textarea.value = 'Again';
    textarea.dispatchEvent(new Event('input'));
    await settle();
    expect((element.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('Enter sends, Shift+Enter and a composing IME do not, Ctrl+Enter sends too', async () => {
    const streams = [ndjsonResponse(), ndjsonResponse()];
    const prompts: string[] = [];
    const { element } = await renderChat(['MLUsers'], async (_url, init) => {
      prompts.push(JSON.parse(String(init?.body)).messages.at(-1).content);
      return streams[prompts.length - 1]!.response;
    });
    const textarea = element.querySelector('textarea#prompt') as HTMLTextAreaElement;
    const press = async (init: KeyboardEventInit) => {
      textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ...init }));
      await settle();
    };
    textarea.value = 'Hello';
    textarea.dispatchEvent(new Event('input'));
    await press({ shiftKey: true });
    await press({ isComposing: true });
    expect(prompts).toEqual([]);
    await press({});
    expect(prompts).toEqual(['Hello']);
    expect(textarea.value).toBe('');
    streams[0]!.push({ type: 'done', stopReason: 'end_turn' });
    streams[0]!.end();
    await settle();
    textarea.value = 'Again';
    textarea.dispatchEvent(new Event('input'));
    await press({ ctrlKey: true });
    expect(prompts).toEqual(['Hello', 'Again']);
    streams[1]!.end();
  });

  it('tells a ReadOnly user they may not chat and disables the composer', async () => {
    const { element } = await renderChat(['ReadOnly']);
    expect(element.querySelector('[role=note]')?.textContent).toContain(
      'Your role may not chat with models',
    );
    expect(element.querySelector('[role=note]')?.textContent).toContain(
      'Administrators or MLUsers',
    );
    expect((element.querySelector('textarea#prompt') as HTMLTextAreaElement).disabled).toBe(true);
  });
});
