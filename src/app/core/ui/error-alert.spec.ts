import { TestBed } from '@angular/core/testing';

import { ApiCallError } from '../http/api-call-error';
import { ErrorAlert } from './error-alert';

describe('ErrorAlert', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'setTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('counts down Retry-After and says when a retry makes sense', async () => {
    const fixture = TestBed.createComponent(ErrorAlert);
    let ready = 0;
    fixture.componentInstance.retryReady.subscribe(() => ready++);
    fixture.componentRef.setInput(
      'error',
      new ApiCallError(429, 'THROTTLED', 'Slow down.', { retryAfterSeconds: 2 }),
    );
    await vi.advanceTimersByTimeAsync(0);
    const element = fixture.nativeElement as HTMLElement;
    // The server's message once, as a sentence, and one countdown line.
    const alertText = element.querySelector('[role=alert]')?.textContent ?? '';
    expect(alertText.match(/Slow down\./g)).toHaveLength(1);
    expect(alertText.match(/Try again/g)).toHaveLength(1);
    expect(alertText).not.toMatch(/retry in/i);
    expect(element.querySelector('.retry')?.textContent).toContain('Try again in 2 s.');
    await vi.advanceTimersByTimeAsync(1000);
    fixture.detectChanges();
    expect(element.querySelector('.retry')?.textContent).toContain('Try again in 1 s.');
    expect(ready).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    fixture.detectChanges();
    expect(element.querySelector('.retry')).toBeNull();
    expect(ready).toBe(1);
  });

  it('counts a budget reset hours away in hours and minutes', async () => {
    const fixture = TestBed.createComponent(ErrorAlert);
    fixture.componentRef.setInput(
      'error',
      new ApiCallError(429, 'THROTTLED', 'Your daily token budget is used up', {
        retryAfterSeconds: 3 * 3600 + 4 * 60,
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('.retry')?.textContent?.trim()).toBe('Try again in 3 h 4 min.');
    await vi.advanceTimersByTimeAsync(61_000);
    fixture.detectChanges();
    expect(element.querySelector('.retry')?.textContent?.trim()).toBe('Try again in 3 h 3 min.');
  });

  it('shows the page hint for a timeout and nothing without an error', async () => {
    const fixture = TestBed.createComponent(ErrorAlert);
    await vi.advanceTimersByTimeAsync(0);
    expect((fixture.nativeElement as HTMLElement).querySelector('[role=alert]')).toBeNull();
    fixture.componentRef.setInput('error', new ApiCallError(504, 'UPSTREAM_TIMEOUT', 'late'));
    fixture.componentRef.setInput('asyncHint', 'Use the async endpoint.');
    await vi.advanceTimersByTimeAsync(0);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Use the async endpoint.');
  });
});
