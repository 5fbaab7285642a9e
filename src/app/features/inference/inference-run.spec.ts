import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { pageInjector } from '../../../testing/page-injector';
import { API_URL, ndjsonResponse, setUpTestApp } from '../../../testing/test-app';
import type { ModelSummary } from '../../core/api/api-types';
import { ThrottleWait } from '../../core/http/throttle-wait';
import { InferenceRun } from './inference-run';

const endpoint = (mode: ModelSummary['mode']): ModelSummary =>
  ({ id: 'local.sm', label: 'Regressor', provider: 'sagemaker', mode, limits: {} }) as ModelSummary;

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}

async function inferencePage(fetch?: (url: string, init?: RequestInit) => Promise<Response>) {
  await setUpTestApp({ groups: ['MLUsers'], fetch });
  const injector = pageInjector([InferenceRun, ThrottleWait]);
  return { injector, run: injector.get(InferenceRun), http: TestBed.inject(HttpTestingController) };
}

describe('InferenceRun', () => {
  it('shows a sync result', async () => {
    const { run, http } = await inferencePage();
    const started = run.start(endpoint('sync'), { inputs: 'x' });
    expect(run.running()).toBe(true);
    await settle();
    const request = http.expectOne(`${API_URL}/ml/sagemaker`);
    expect(request.request.body).toEqual({ modelName: 'local.sm', inputData: { inputs: 'x' } });
    request.flush({
      success: true,
      data: { output: [1], contentType: 'application/json', latencyMs: 7 },
      requestId: 'r',
    });
    await started;
    expect(run.result()).toEqual({ output: [1], contentType: 'application/json', latencyMs: 7 });
    expect(run.running()).toBe(false);
  });

  it('grows a streamed result as text arrives', async () => {
    const stream = ndjsonResponse();
    const { run } = await inferencePage(async () => stream.response);
    const started = run.start(endpoint('streaming'), 'prompt');
    stream.push({ type: 'delta', text: 'ab' });
    await settle();
    expect(run.result()).toEqual({ output: 'ab', contentType: 'text/plain' });
    stream.push({ type: 'delta', text: 'c' });
    stream.push({
      type: 'done',
      stopReason: 'end',
      usage: { inputTokens: 0, outputTokens: 0 },
      latencyMs: 3,
    });
    stream.end();
    await started;
    expect(run.result()).toEqual({ output: 'abc', contentType: 'text/plain', latencyMs: 3 });
  });

  it('shows a spent budget without holding Run back', async () => {
    const { injector, run } = await inferencePage(async () =>
      Response.json(
        { success: false, error: { code: 'BUDGET_EXCEEDED', message: 'Budget' }, requestId: 'r' },
        { status: 429, headers: { 'Retry-After': '3600' } },
      ),
    );
    await run.start(endpoint('streaming'), 'prompt');
    expect(run.error()).toMatchObject({ code: 'BUDGET_EXCEEDED' });
    expect(injector.get(ThrottleWait).waiting()).toBe(false);
  });

  it('a cancelled run, or one whose page goes, leaves no error', async () => {
    const stream = ndjsonResponse();
    let signal: AbortSignal | undefined;
    const { injector, run } = await inferencePage(async (_url, init) => {
      signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () =>
        stream.fail(new DOMException('aborted', 'AbortError')),
      );
      return stream.response;
    });
    const started = run.start(endpoint('streaming'), 'prompt');
    await settle();
    injector.destroy();
    await started;
    expect(signal?.aborted).toBe(true);
    expect(run.error()).toBeUndefined();
    expect(run.running()).toBe(false);
  });
});
