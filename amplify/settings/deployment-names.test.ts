import { describe, expect, it } from 'vitest';

import {
  amplifyBranchOrigin,
  DOMAIN_PREFIX_PATTERN,
  domainPrefixProblem,
  hostedUiDomainPrefix,
  RESERVED_DOMAIN_WORDS,
  restApiName,
} from './deployment-names.ts';
import { originSchema } from './schema.ts';

const APP_ID = 'd1a2b3c4d5e6f7';
/** A 70-character branch name, as GitHub allows and Amplify auto-connects. */
const LONG_BRANCH = `feature/PROJ-1234-${'remember-the-last-model-'.repeat(3)}`.slice(0, 69) + 'x';

const prefix = (...parts: string[]) => hostedUiDomainPrefix({ parts });

describe('amplifyBranchOrigin: the origin Amplify Hosting serves a branch at', () => {
  it('lowercases the branch and turns / and other symbols into -', () => {
    expect(amplifyBranchOrigin('feature/ABC-1', APP_ID)).toBe(
      `https://feature-abc-1.${APP_ID}.amplifyapp.com`,
    );
    expect(amplifyBranchOrigin('release-6.2', APP_ID)).toBe(
      `https://release-6-2.${APP_ID}.amplifyapp.com`,
    );
    expect(amplifyBranchOrigin('feature/my_CoolBranch', APP_ID)).toBe(
      `https://feature-my-coolbranch.${APP_ID}.amplifyapp.com`,
    );
  });

  it('keeps a 70-character branch whole, and the result is a valid origin', () => {
    expect(LONG_BRANCH).toHaveLength(70);
    const origin = amplifyBranchOrigin(LONG_BRANCH, APP_ID);
    expect(new URL(origin).hostname.split('.')[0]).toHaveLength(70);
    expect(originSchema.safeParse(origin).success).toBe(true);
  });

  it('is always an origin the settings accept (what the browser sends equals it)', () => {
    for (const branch of ['feature/ABC-1', 'Hotfix/Ümlaut', 'a..b', LONG_BRANCH]) {
      const origin = amplifyBranchOrigin(branch, APP_ID);
      expect(new URL(origin).origin, branch).toBe(origin);
    }
  });
});

describe('hostedUiDomainPrefix: one Cognito prefix per deployment', () => {
  const branches = [
    'dev',
    'feature/ABC-1',
    'feature/abc-1',
    'feature-abc-1',
    LONG_BRANCH,
    `${LONG_BRANCH.slice(0, -1)}y`,
    'chore/aws-sdk-upgrade',
    'feature/amazon-cognito-login',
    'a/AWS',
    '---',
    'Ünïcode/ブランチ',
  ];

  it.each(branches)(
    '%s: matches the CreateUserPoolDomain pattern and has no reserved word',
    (branch) => {
      const value = prefix(branch, APP_ID);
      expect(value).toMatch(DOMAIN_PREFIX_PATTERN);
      expect(value.length).toBeLessThanOrEqual(63);
      for (const word of RESERVED_DOMAIN_WORDS) expect(value).not.toContain(word);
      expect(domainPrefixProblem(value)).toBeUndefined();
    },
  );

  it('gives every branch its own prefix, long or lossy names included', () => {
    const prefixes = branches.map((branch) => prefix(branch, APP_ID));
    expect(new Set(prefixes).size).toBe(branches.length);
  });

  it('differs between two apps for the same branch, and between two sandboxes', () => {
    expect(prefix('dev', APP_ID)).not.toBe(prefix('dev', 'd9z8y7x6w5v4u3'));
    expect(prefix('ml-gateway', 'alice')).not.toBe(prefix('ml-gateway', 'bob'));
  });

  it('stays readable: a plain branch and app id are used as they are', () => {
    expect(prefix('dev', APP_ID)).toBe(`dev-${APP_ID}`);
    expect(prefix('feature/ABC-1', APP_ID)).toMatch(
      new RegExp(`^feature-abc-1-${APP_ID}-[0-9a-f]{8}$`),
    );
    expect(prefix(LONG_BRANCH, APP_ID)).toMatch(
      /^feature-proj-1234-remember-the-last-model-[a-z-]*-[0-9a-f]{8}$/,
    );
  });

  it('is stable: the same deployment always gets the same prefix', () => {
    expect(prefix('feature/ABC-1', APP_ID)).toBe(prefix('feature/ABC-1', APP_ID));
  });
});

describe('domainPrefixProblem: what Cognito refuses', () => {
  it.each([
    ['ML-Gateway', /lowercase letters/],
    ['-gateway', /not starting or ending with a hyphen/],
    ['x'.repeat(64), /1-63/],
    ['my-aws-gateway', /"aws"/],
    ['amazonml', /"amazon"/],
    ['ml-cognito', /"cognito"/],
  ])('%s', (value, message) => {
    expect(domainPrefixProblem(value)).toMatch(message);
  });

  it('accepts a valid prefix', () => {
    expect(domainPrefixProblem('example-ml-gateway')).toBeUndefined();
  });
});

describe('restApiName: one API name (and so one set of API metrics) per deployment', () => {
  it('differs between dev, a feature branch and a sandbox', () => {
    const names = [
      restApiName({ parts: ['dev', APP_ID] }),
      restApiName({ parts: ['feature/ABC-1', APP_ID] }),
      restApiName({ parts: ['feature/abc-1', APP_ID] }),
      restApiName({ parts: ['ml-gateway', 'alice'] }),
      restApiName({ parts: ['ml-gateway', 'bob'] }),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe(`ml-gateway-dev-${APP_ID}`);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(128);
  });
});
