import { pageInjector as createPageInjector } from '../../../testing/page-injector';
import { ApiCallError } from './api-call-error';
import { ThrottleWait } from './throttle-wait';

const pageInjector = () => createPageInjector([ThrottleWait]);

describe('ThrottleWait', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("holds for a rate limit's Retry-After, then lets go", () => {
    const wait = pageInjector().get(ThrottleWait);
    wait.holdFor(new ApiCallError(429, 'THROTTLED', 'Slow down', { retryAfterSeconds: 30 }));
    expect(wait.waiting()).toBe(true);
    vi.advanceTimersByTime(29_999);
    expect(wait.waiting()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(wait.waiting()).toBe(false);
  });

  it('does not wait out a spent budget, nor an error without Retry-After', () => {
    const wait = pageInjector().get(ThrottleWait);
    wait.holdFor(new ApiCallError(429, 'BUDGET_EXCEEDED', 'Budget', { retryAfterSeconds: 25_200 }));
    expect(wait.waiting()).toBe(false);
    wait.holdFor(new ApiCallError(429, 'THROTTLED', 'Slow down'));
    wait.holdFor(new Error('boom'));
    expect(wait.waiting()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when the page is destroyed', () => {
    const injector = pageInjector();
    const wait = injector.get(ThrottleWait);
    wait.holdFor(new ApiCallError(429, 'THROTTLED', 'Slow down', { retryAfterSeconds: 30 }));
    expect(vi.getTimerCount()).toBe(1);
    injector.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });
});
