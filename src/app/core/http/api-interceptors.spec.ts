import { HttpClient } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { sessionFor } from '../../../testing/fixtures';
import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { ApiCallError } from './api-call-error';
import { OnlineStatus } from './online-status';

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('apiInterceptor', () => {
  it('adds the access token to gateway requests only', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const http = TestBed.inject(HttpClient);
    const controller = TestBed.inject(HttpTestingController);
    void firstValueFrom(http.get(`${API_URL}/ml/models`));
    void firstValueFrom(http.get('https://elsewhere.example/data'));
    void firstValueFrom(http.get(`${API_URL}.evil.example/ml/models`));
    await flushMicrotasks();
    expect(controller.expectOne(`${API_URL}/ml/models`).request.headers.get('Authorization')).toBe(
      'Bearer access-token-1',
    );
    expect(
      controller.expectOne('https://elsewhere.example/data').request.headers.has('Authorization'),
    ).toBe(false);
    expect(
      controller
        .expectOne(`${API_URL}.evil.example/ml/models`)
        .request.headers.has('Authorization'),
    ).toBe(false);
  });

  it('on 401 refreshes the token and retries once', async () => {
    const amplify = await setUpTestApp({ groups: ['MLUsers'] });
    amplify.refreshedSession = sessionFor(['MLUsers'], 'access-token-2');
    const controller = TestBed.inject(HttpTestingController);
    const result = firstValueFrom(TestBed.inject(HttpClient).get(`${API_URL}/ml/models`));
    await flushMicrotasks();
    controller
      .expectOne(`${API_URL}/ml/models`)
      .flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    await flushMicrotasks();
    const retry = controller.expectOne(`${API_URL}/ml/models`);
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-token-2');
    retry.flush({ success: true, data: { models: [] }, requestId: 'r' });
    await expect(result).resolves.toEqual({ success: true, data: { models: [] }, requestId: 'r' });
  });

  it('on a second 401 asks the user to sign in again', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const controller = TestBed.inject(HttpTestingController);
    const result = firstValueFrom(TestBed.inject(HttpClient).get(`${API_URL}/ml/models`)).catch(
      (e: unknown) => e,
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      await flushMicrotasks();
      controller
        .expectOne(`${API_URL}/ml/models`)
        .flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    }
    const error = await result;
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).code).toBe('UNAUTHORIZED');
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], expect.anything());
  });

  it('turns a 429 into an ApiCallError with the Retry-After seconds', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const controller = TestBed.inject(HttpTestingController);
    const result = firstValueFrom(
      TestBed.inject(HttpClient).post(`${API_URL}/ml/sagemaker`, {}),
    ).catch((e: unknown) => e);
    await flushMicrotasks();
    controller.expectOne(`${API_URL}/ml/sagemaker`).flush(
      {
        success: false,
        error: { code: 'THROTTLED', message: 'Daily token budget used up.' },
        requestId: 'r',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '42' } },
    );
    const error = (await result) as ApiCallError;
    expect(error.code).toBe('THROTTLED');
    expect(error.message).toBe('Daily token budget used up.');
    expect(error.details.retryAfterSeconds).toBe(42);
  });

  it('does not send while offline', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const online = TestBed.inject(OnlineStatus);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    window.dispatchEvent(new Event('offline'));
    expect(online.online()).toBe(false);
    const error = await firstValueFrom(
      TestBed.inject(HttpClient).get(`${API_URL}/ml/models`),
    ).catch((e: unknown) => e);
    expect((error as ApiCallError).code).toBe('OFFLINE');
    TestBed.inject(HttpTestingController).expectNone(`${API_URL}/ml/models`);
    vi.restoreAllMocks();
    window.dispatchEvent(new Event('online'));
    expect(online.online()).toBe(true);
  });
});
