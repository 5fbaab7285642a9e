import { describe, expect, it } from 'vitest';

import { CATALOG, type CatalogEntry, validateCatalog } from '../catalog.ts';
import { guardrailProblems, policyNameFor, policyProblems } from './catalog-guardrails.ts';
import {
  DEFAULT_DETECTOR_ACTIONS,
  GUARDRAIL_POLICIES,
  policiesByName,
  resolvePolicy,
} from './policies.ts';
import { RestorableValues, screenText } from './screen.ts';

describe('guardrail policies', () => {
  it('the shipped policies are valid and include "default"', () => {
    expect(policyProblems()).toEqual([]);
    expect(policiesByName().get('default')?.detectors).toEqual(DEFAULT_DETECTOR_ACTIONS);
  });

  it('fills in undeclared detectors and the sync stream mode', () => {
    const policy = resolvePolicy({
      name: 'p',
      detectors: { email: 'block' },
      bedrockGuardrail: { guardrailIdentifier: 'abc123', guardrailVersion: 'DRAFT' },
    });
    expect(policy.detectors).toEqual({ ...DEFAULT_DETECTOR_ACTIONS, email: 'block' });
    expect(policy.bedrockGuardrail?.streamProcessingMode).toBe('sync');
  });

  it('lists every problem of bad policies at once', () => {
    const problems = policyProblems([
      {
        name: 'Bad Name',
        detectors: { email: 'redact' as never, fingerprint: 'block' } as never,
        bedrockGuardrail: {
          guardrailIdentifier: 'UPPER',
          guardrailVersion: '0',
          streamProcessingMode: 'later' as never,
        },
      },
      { name: 'twice' },
      { name: 'twice' },
    ]);
    expect(problems.join('\n')).toMatch(/"Bad Name": name/);
    expect(problems.join('\n')).toMatch(/detectors\.email/);
    expect(problems.join('\n')).toMatch(/fingerprint/);
    expect(problems.join('\n')).toMatch(/bedrockGuardrail\.guardrailIdentifier/);
    expect(problems.join('\n')).toMatch(/bedrockGuardrail\.guardrailVersion/);
    expect(problems.join('\n')).toMatch(/bedrockGuardrail\.streamProcessingMode/);
    expect(problems).toContain('guardrail policy "twice" is defined twice');
    expect(problems).toContain('guardrail policies: no "default" policy');
  });

  it('accepts a guardrail ARN', () => {
    expect(
      policyProblems([
        { name: 'default' },
        {
          name: 'arn',
          bedrockGuardrail: {
            guardrailIdentifier: 'arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123',
            guardrailVersion: '12',
            streamProcessingMode: 'async',
          },
        },
      ]),
    ).toEqual([]);
  });
});

describe('the catalog guardrails field', () => {
  it('names unknown policies, foreign groups and unknown fields', () => {
    expect(
      guardrailProblems('bedrock "m"', { policy: 'nope', groups: { ReadOnly: 'strict-pii' } }, [
        'MLUsers',
      ]),
    ).toEqual([
      'bedrock "m": guardrails.policy: no guardrail policy "nope"',
      'bedrock "m": guardrails.groups: "ReadOnly" is not one of the entry\'s groups',
    ]);
    expect(guardrailProblems('x', { polic: 'default' } as never, [])[0]).toMatch(
      /^x: guardrails\.: Unrecognized key/,
    );
  });

  it('validateCatalog reports a bad guardrails field', () => {
    const entry = CATALOG[0]!;
    const bad = { ...entry, guardrails: { policy: 'missing' } } as CatalogEntry;
    expect(() => validateCatalog([bad])).toThrow(/no guardrail policy "missing"/);
  });

  it('picks the group policy, then the model policy, then default', () => {
    const guardrails = { policy: 'strict-pii', groups: { Administrators: 'local-guardrail' } };
    expect(policyNameFor(guardrails, 'Administrators')).toBe('local-guardrail');
    expect(policyNameFor(guardrails, 'MLUsers')).toBe('strict-pii');
    expect(policyNameFor(undefined, 'MLUsers')).toBe('default');
  });
});

describe('screenText', () => {
  const strict = policiesByName().get('strict-pii')!;
  const defaults = policiesByName().get('default')!;

  it('masks each finding with its placeholder, keeping the rest', () => {
    expect(screenText('mail a@example.com or call +1-202-555-0173.', strict)).toEqual({
      text: 'mail [EMAIL] or call [PHONE].',
      masked: ['email', 'phone'],
    });
  });

  it('blocks on the first blocking detector without masking', () => {
    const screening = screenText('card 4111 1111 1111 1111 from a@example.com', strict);
    expect(screening.blocked).toBe('card');
  });

  it('allows what the policy allows', () => {
    expect(screenText('a@example.com', defaults)).toEqual({ text: 'a@example.com', masked: [] });
  });

  it('masks the outer of overlapping findings once', () => {
    const policy = resolvePolicy({ name: 'p', detectors: { secret: 'mask', card: 'mask' } });
    expect(screenText('pwd=ab4111111111111111 ok', policy).text).toBe('pwd=[SECRET] ok');
  });

  it('ships a policy for every name the docs promise', () => {
    expect(GUARDRAIL_POLICIES.map((policy) => policy.name)).toEqual([
      'default',
      'strict-pii',
      'restorable-pii',
      'local-guardrail',
    ]);
  });
});

describe('restorable masked values', () => {
  const restorable = resolvePolicy({
    name: 'r',
    detectors: { email: 'mask', phone: 'mask' },
    restorable: ['email'],
  });

  it('numbers each distinct restorable value, the same value the same placeholder across texts', () => {
    const values = new RestorableValues();
    const first = screenText(
      'to a@example.com, b@example.com, call +44 20 7946 0958',
      restorable,
      values,
    );
    const second = screenText('again a@example.com', restorable, values);
    expect(first.text).toBe('to [EMAIL_1], [EMAIL_2], call [PHONE]');
    expect(second.text).toBe('again [EMAIL_1]');
    // Phone numbers are masked but not restorable: they stay out of the mapping.
    expect(values.mapping()).toEqual({
      '[EMAIL_1]': 'a@example.com',
      '[EMAIL_2]': 'b@example.com',
    });
  });

  it('keeps the plain placeholders without a record of values (no restoring)', () => {
    expect(screenText('to a@example.com', restorable).text).toBe('to [EMAIL]');
  });

  it('refuses a policy that restores what it does not mask', () => {
    expect(() => resolvePolicy({ name: 'x', restorable: ['awsAccessKey'] })).toThrow(
      /restorable: "awsAccessKey" is not masked \(it is block\)/,
    );
    expect(policyProblems([{ name: 'default' }, { name: 'y', restorable: ['email'] }])).toEqual([
      'guardrail policy "y": restorable: "email" is not masked (it is allow)',
    ]);
  });
});
