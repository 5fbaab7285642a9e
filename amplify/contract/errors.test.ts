import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { budgetExceededDetailsOf, ERROR_CODES, ERROR_STATUS, isErrorCode } from './errors.ts';
import { GATEWAY_ERRORS, WAF_BLOCK_RESPONSES } from './gateway-errors.ts';

const apiDoc = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');

/** The statuses of the docs/api.md error-table rows that list `code`. */
function documentedStatuses(code: string): number[] {
  return apiDoc
    .split('\n')
    .filter((line) => line.startsWith('|') && line.includes(`\`${code}\``))
    .flatMap((line) =>
      line
        .split('|')[1]!
        .split('/')
        .map((status) => Number(status.trim())),
    );
}

describe('error codes', () => {
  it.each(ERROR_CODES)('documents %s in docs/api.md with its status', (code) => {
    expect(documentedStatuses(code)).toContain(ERROR_STATUS[code]);
  });

  it('has a code for a spent budget apart from throttling', () => {
    expect(ERROR_STATUS.BUDGET_EXCEEDED).toBe(429);
    expect(isErrorCode('BUDGET_EXCEEDED')).toBe(true);
  });

  it('recognizes only its own codes, not inherited object keys', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });

  it('answers gateway and WAF errors with the status that goes with their code', () => {
    for (const error of GATEWAY_ERRORS.filter((candidate) => candidate.status))
      expect(documentedStatuses(error.code), error.type).toContain(Number(error.status));
    for (const block of Object.values(WAF_BLOCK_RESPONSES))
      expect(ERROR_STATUS[block.code]).toBe(block.status);
  });
});

describe('budgetExceededDetailsOf', () => {
  const details = {
    scope: 'group',
    scopeName: 'MLUsers',
    period: 'month',
    unit: 'usd',
    limit: 500,
    resetsAt: '2026-12-01T00:00:00.000Z',
  };

  it('reads the details of a BUDGET_EXCEEDED answer', () => {
    expect(budgetExceededDetailsOf(details)).toEqual(details);
    const own = {
      scope: 'user',
      period: 'day',
      unit: 'tokens',
      limit: 1000,
      resetsAt: '2026-12-01T00:00:00.000Z',
    };
    expect(budgetExceededDetailsOf(own)).toEqual(own);
  });

  it.each([
    ['no object', null],
    ['an unknown scope', { ...details, scope: 'team' }],
    ['a scope name that is no string', { ...details, scopeName: 7 }],
    ['an unknown period', { ...details, period: 'week' }],
    ['an unknown unit', { ...details, unit: 'eur' }],
    ['a limit that is no number', { ...details, limit: '500' }],
    ['an infinite limit', { ...details, limit: Infinity }],
    ['a reset that is no time', { ...details, resetsAt: 'soon' }],
  ])('refuses %s', (_case, value) => {
    expect(budgetExceededDetailsOf(value)).toBeUndefined();
  });
});
