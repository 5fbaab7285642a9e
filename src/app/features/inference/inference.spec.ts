import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { Inference } from './inference';

const MODELS = {
  success: true,
  requestId: 'r',
  data: {
    models: [
      {
        id: 'local-regressor',
        label: 'Regressor',
        provider: 'sagemaker',
        mode: 'sync',
        limits: {},
      },
      {
        id: 'local-batch',
        label: 'Batch scorer',
        provider: 'sagemaker',
        mode: 'async',
        limits: {},
      },
    ],
  },
};

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

async function renderInference() {
  await setUpTestApp({ groups: ['MLUsers'] });
  const fixture = TestBed.createComponent(Inference);
  const http = TestBed.inject(HttpTestingController);
  await settle();
  http.expectOne(`${API_URL}/ml/models`).flush(MODELS);
  await fixture.whenStable();
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

function setInput(element: HTMLElement, text: string): void {
  const textarea = element.querySelector('#input') as HTMLTextAreaElement;
  textarea.value = text;
  textarea.dispatchEvent(new Event('input'));
}

function submit(element: HTMLElement): void {
  (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
}

describe('Inference', () => {
  it('explains invalid JSON and disables Run', async () => {
    const { fixture, element } = await renderInference();
    setInput(element, '{"inputs": ');
    await fixture.whenStable();
    expect(element.querySelector('#input-check')?.textContent).toContain(
      'The input is not valid JSON',
    );
    expect(element.querySelector('#input')?.getAttribute('aria-invalid')).toBe('true');
    expect((element.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('invokes a sync endpoint and shows the result pretty-printed', async () => {
    const { fixture, http, element } = await renderInference();
    setInput(element, '{"inputs": [1, 2]}');
    await fixture.whenStable();
    submit(element);
    await settle();
    const request = http.expectOne(`${API_URL}/ml/sagemaker`);
    expect(request.request.body).toEqual({
      modelName: 'local-regressor',
      inputData: { inputs: [1, 2] },
    });
    request.flush({
      success: true,
      requestId: 'r',
      data: { output: { score: 0.9 }, contentType: 'application/json', latencyMs: 12 },
    });
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('pre')?.textContent).toBe('{\n  "score": 0.9\n}');
    expect(element.textContent).toContain('12 ms');
  });

  it('explains a 504 and points to the endpoints without the time limit', async () => {
    const { fixture, http, element } = await renderInference();
    submit(element);
    await settle();
    http.expectOne(`${API_URL}/ml/sagemaker`).flush(
      {
        success: false,
        error: { code: 'UPSTREAM_TIMEOUT', message: 'timed out' },
        requestId: 'r',
      },
      { status: 504, statusText: 'Gateway Timeout' },
    );
    await settle();
    await fixture.whenStable();
    const alert = element.querySelector('[role=alert]')?.textContent ?? '';
    expect(alert).toContain('The model did not answer in time');
    expect(alert).toContain('Batch scorer (async)');
  });

  it('says a spent cost-centre budget in words and leaves Run enabled', async () => {
    const { fixture, http, element } = await renderInference();
    submit(element);
    await settle();
    // Tomorrow 00:00 local time, whatever the time zone of the run.
    const now = new Date();
    const resetsAt = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    http.expectOne(`${API_URL}/ml/sagemaker`).flush(
      {
        success: false,
        error: {
          code: 'BUDGET_EXCEEDED',
          message: 'Monthly budget exceeded',
          details: {
            scope: 'costCentre',
            scopeName: 'Finance',
            period: 'month',
            unit: 'usd',
            limit: 500,
            resetsAt: resetsAt.toISOString(),
          },
        },
        requestId: 'r',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '3600' } },
    );
    await settle();
    await fixture.whenStable();
    const alert = element.querySelector('[role=alert]')?.textContent ?? '';
    expect(alert).toContain('Budget used up');
    expect(alert).toContain(
      "The Finance cost centre's monthly budget of $500.00 is used up. It resets at 00:00 tomorrow.",
    );
    expect(alert).not.toContain('Try again in');
    expect((element.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('follows an async job with backoff until it completes', async () => {
    const { http, element } = await renderInference();
    (element.querySelector('#endpoint') as HTMLSelectElement).value = 'local-batch';
    element.querySelector('#endpoint')?.dispatchEvent(new Event('change'));
    await settle();
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      submit(element);
      await vi.advanceTimersByTimeAsync(0);
      http
        .expectOne(`${API_URL}/ml/sagemaker`)
        .flush(
          { success: true, requestId: 'r', data: { jobId: 'job-1', status: 'InProgress' } },
          { status: 202, statusText: 'Accepted' },
        );
      await vi.advanceTimersByTimeAsync(999);
      http.expectNone(`${API_URL}/ml/sagemaker/jobs/job-1`);
      await vi.advanceTimersByTimeAsync(1);
      http
        .expectOne(`${API_URL}/ml/sagemaker/jobs/job-1`)
        .flush({ success: true, requestId: 'r', data: { jobId: 'job-1', status: 'InProgress' } });
      await vi.advanceTimersByTimeAsync(50);
      expect(element.querySelector('progress')).not.toBeNull();
      expect(element.textContent).toContain('Async job job-1: InProgress');
      // The second check waits twice as long.
      await vi.advanceTimersByTimeAsync(1900);
      http.expectNone(`${API_URL}/ml/sagemaker/jobs/job-1`);
      await vi.advanceTimersByTimeAsync(100);
      http.expectOne(`${API_URL}/ml/sagemaker/jobs/job-1`).flush({
        success: true,
        requestId: 'r',
        data: { jobId: 'job-1', status: 'Completed', output: { label: 'ok' } },
      });
      await vi.advanceTimersByTimeAsync(50);
      expect(element.textContent).toContain('Async job job-1: Completed');
      expect(element.querySelector('progress')).toBeNull();
      expect(element.querySelector('pre')?.textContent).toContain('"label": "ok"');
    } finally {
      vi.useRealTimers();
    }
  });
});
