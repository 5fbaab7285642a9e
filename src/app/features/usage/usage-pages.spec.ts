import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { API_URL, setUpTestApp } from '../../../testing/test-app';
import { AdminUsage } from './admin-usage';
import { MyUsage } from './my-usage';
import { niceMax, UsageChart } from './usage-chart';
import type { OwnUsage, UsageReport } from './usage-types';

/** Lets HTTP callbacks, signals and change detection run (a pending request keeps the fixture unstable). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve));
}
const envelope = (data: unknown) => ({ success: true, data, requestId: 'r1' });

/** The standings the API lists for a user with only token budgets, from its day and month. */
const tokenBudgets = (usage: Pick<OwnUsage, 'day' | 'month'>): OwnUsage['budgets'] =>
  (['day', 'month'] as const).map((period) => ({
    scope: 'user',
    period,
    unit: 'tokens',
    used: usage[period].usedTokens,
    limit: usage[period].limitTokens,
    resetsAt: usage[period].resetsAt,
  }));

const ownPeriods: Pick<OwnUsage, 'day' | 'month'> = {
  day: {
    usedTokens: 150_000,
    limitTokens: 200_000,
    requests: 12,
    resetsAt: '2026-11-25T00:00:00Z',
  },
  month: {
    usedTokens: 2_000_000,
    limitTokens: 2_000_000,
    requests: 90,
    resetsAt: '2026-12-01T00:00:00Z',
  },
};

const ownUsage: OwnUsage = {
  ...ownPeriods,
  budgets: tokenBudgets(ownPeriods),
  byModel: [
    {
      modelId: 'model-priced',
      requests: 2,
      inputTokens: 4000,
      outputTokens: 2000,
      cacheReadTokens: 1500,
      cacheWriteTokens: 300,
      estimatedCostUsd: 0.0035,
    },
    { modelId: 'model-unpriced', requests: 1, inputTokens: 10, outputTokens: 5 },
  ],
  byDay: [
    { day: '2026-11-23', requests: 1, inputTokens: 100, outputTokens: 50 },
    { day: '2026-11-24', requests: 2, inputTokens: 300, outputTokens: 100 },
  ],
};

const report: UsageReport = {
  from: '2026-11-01',
  to: '2026-11-24',
  totals: { requests: 3, inputTokens: 14_000, outputTokens: 7000, estimatedCostUsd: 0.0275 },
  byUser: [
    {
      sub: 's-bob',
      username: 'bob',
      requests: 1,
      inputTokens: 10_000,
      outputTokens: 5000,
      estimatedCostUsd: 0.024,
    },
    {
      sub: 's-alice',
      username: 'alice',
      requests: 2,
      inputTokens: 4000,
      outputTokens: 2000,
      estimatedCostUsd: 0.0035,
    },
  ],
  byGroup: [{ group: 'MLUsers', requests: 3, inputTokens: 14_000, outputTokens: 7000 }],
  byModel: [
    {
      modelId: 'amazon.nova-pro',
      requests: 1,
      inputTokens: 10_000,
      outputTokens: 5000,
      estimatedCostUsd: 0.024,
    },
  ],
  byDay: [
    { day: '2026-11-23', requests: 1, inputTokens: 10_000, outputTokens: 5000 },
    { day: '2026-11-24', requests: 2, inputTokens: 4000, outputTokens: 2000 },
  ],
};

describe('MyUsage', () => {
  it('shows both budgets with reset times, per-model costs and a day chart', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const fixture = TestBed.createComponent(MyUsage);
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/usage/me`)
      .flush(envelope(ownUsage));
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    const bars = element.querySelectorAll('progress');
    expect(bars).toHaveLength(2);
    expect(bars[0]!.value).toBe(150_000);
    expect(bars[0]!.max).toBe(200_000);
    expect(bars[0]!.getAttribute('aria-labelledby')).toBe('budget-user-day-tokens');
    expect(element.textContent).toContain('150,000 of 200,000 tokens used (75%), 12 requests');
    // The month budget is spent: the page says so, strongly; the day (75 %) has no warning.
    const alerts = [...element.querySelectorAll('.budgets [role=alert]')];
    expect(alerts.map((alert) => alert.textContent?.trim())).toEqual([
      expect.stringMatching(/^Your monthly budget of 2,000,000 tokens is used up\. It resets /),
    ]);
    expect(element.querySelector('.budgets [role=status]')).toBeNull();
    const rows = [...element.querySelectorAll('tbody tr')].map((row) => row.textContent);
    expect(rows[0]).toContain('$0.0035');
    // Prompt-cache tokens, read / written, beside the input and output tokens.
    expect(rows[0]).toContain('1,500 / 300');
    expect(rows[1]).toContain('0 / 0');
    expect(rows[1]).toContain('no price');
    const chart = element.querySelector('svg[role=img]')!;
    expect(chart.querySelectorAll('rect.bar')).toHaveLength(2);
    // Who read the user's content: who, when and why.
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/audit/content-reads`)
      .flush(
        envelope({
          reads: [
            {
              at: '2026-11-30T09:15:00.000Z',
              reader: 'auditor',
              reason: 'Ticket SEC-9: legal hold',
              requestId: 'req-7',
              requestAt: '2026-11-29T08:00:00.000Z',
            },
          ],
        }),
      );
    await settle();
    const reads = element.querySelector('table[aria-label="Who read my content"]')!;
    expect(reads.querySelector('tbody tr')!.textContent).toMatch(
      /2026-11-30 09:15\s*auditor\s*Ticket SEC-9: legal hold\s*2026-11-29 08:00\s*req-7/,
    );
    TestBed.inject(HttpTestingController).verify();
  });

  it('warns from 80 % of a budget, in words with the reset', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const fixture = TestBed.createComponent(MyUsage);
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/usage/me`)
      .flush(
        envelope({
          ...ownUsage,
          budgets: tokenBudgets({
            day: { ...ownUsage.day, usedTokens: 160_000 },
            month: { ...ownUsage.month, usedTokens: 1_000_000 },
          }),
        }),
      );
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    const warnings = [...element.querySelectorAll('.budgets [role=status]')];
    expect(warnings.map((warning) => warning.textContent?.trim())).toEqual([
      expect.stringMatching(/^80% of your daily budget is used\. It resets /),
    ]);
    expect(element.querySelector('.budgets [role=alert]')).toBeNull();
    expect(element.querySelector('[data-level=warning] h2')?.textContent).toBe('Your daily budget');
  });

  it('says when nobody has read the content the user sent', async () => {
    await setUpTestApp({ groups: ['ReadOnly'] });
    const fixture = TestBed.createComponent(MyUsage);
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/audit/content-reads`)
      .flush(envelope({ reads: [] }));
    await settle();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain(
      'Nobody has read content you sent.',
    );
  });

  it('explains a failed load', async () => {
    await setUpTestApp({ groups: ['MLUsers'] });
    const fixture = TestBed.createComponent(MyUsage);
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne(`${API_URL}/usage/me`)
      .flush(
        { success: false, error: { code: 'FORBIDDEN', message: 'no' }, requestId: 'r' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role=alert]')).not.toBeNull();
  });
});

describe('AdminUsage', () => {
  it('loads the month so far, then the chosen range, with tables per user, group and model', async () => {
    await setUpTestApp({ groups: ['Administrators'] });
    const fixture = TestBed.createComponent(AdminUsage);
    await settle();
    const http = TestBed.inject(HttpTestingController);
    const first = http.expectOne((request) => request.url === `${API_URL}/usage/report`);
    const today = new Date().toISOString().slice(0, 10);
    expect(first.request.params.get('to')).toBe(today);
    expect(first.request.params.get('from')).toBe(`${today.slice(0, 8)}01`);
    first.flush(envelope(report));
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('.totals')?.textContent).toContain('3 requests, 21,000 tokens');
    const userRows = element.querySelectorAll('[aria-labelledby=by-user] tbody tr');
    expect([...userRows].map((row) => row.querySelector('th')?.textContent?.trim())).toEqual([
      'bob',
      'alice',
    ]);
    expect(element.querySelector('[aria-labelledby=by-group] tbody')?.textContent).toContain(
      'no price',
    );
    expect(element.querySelectorAll('svg[role=img] rect.bar')).toHaveLength(2);

    const from = element.querySelector<HTMLInputElement>('#from')!;
    from.value = '2026-10-01';
    from.dispatchEvent(new Event('input'));
    const to = element.querySelector<HTMLInputElement>('#to')!;
    to.value = '2026-10-31';
    to.dispatchEvent(new Event('input'));
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    await settle();
    const second = http.expectOne((request) => request.url === `${API_URL}/usage/report`);
    expect(second.request.params.get('from')).toBe('2026-10-01');
    expect(second.request.params.get('to')).toBe('2026-10-31');
    second.flush(envelope({ ...report, byUser: [], byGroup: [], byModel: [], byDay: [] }));
    await settle();
    expect(element.textContent).toContain('No usage in this range.');
    http.verify();
  });
});

describe('UsageChart', () => {
  it('scales bars to a round maximum and describes the data for screen readers', async () => {
    await setUpTestApp();
    const fixture = TestBed.createComponent(UsageChart);
    fixture.componentRef.setInput('id', 'c');
    fixture.componentRef.setInput('title', 'Tokens per day');
    fixture.componentRef.setInput('bars', [
      { label: '2026-11-01', value: 500 },
      { label: '2026-11-02', value: 1500 },
    ]);
    await settle();
    const svg = (fixture.nativeElement as HTMLElement).querySelector('svg')!;
    expect(svg.getAttribute('aria-labelledby')).toBe('c-title c-desc');
    expect(svg.querySelector('#c-title')?.textContent).toBe('Tokens per day');
    expect(svg.querySelector('#c-desc')?.textContent).toContain('highest 2026-11-02 with 1.5K');
    const heights = [...svg.querySelectorAll('rect.bar')].map((bar) =>
      Number(bar.getAttribute('height')),
    );
    // Axis maximum 2000: the second bar is three times the first and 3/4 of the plot.
    expect(heights[1]! / heights[0]!).toBeCloseTo(3);
    expect(heights[1]).toBeCloseTo((240 - 16 - 40) * 0.75);
    expect(svg.querySelector('rect.bar title')?.textContent).toContain('2026-11-01: 500 tokens');
  });

  it('picks 1, 2 or 5 times a power of ten as the axis maximum', () => {
    expect([0, 7, 12, 1500, 2001, 60_000].map(niceMax)).toEqual([1, 10, 20, 2000, 5000, 100_000]);
  });
});
