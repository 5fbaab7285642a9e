import { describe, expect, it } from 'vitest';

import { InvalidPolicyError, isAllowed, matchesPattern, methodArn } from './policy-evaluation.ts';

const arn = methodArn({
  region: 'us-east-1',
  accountId: '000000000000',
  apiId: 'local',
  stage: 'v1',
  method: 'POST',
  path: '/ml/bedrock',
});
const statement = (
  Effect: 'Allow' | 'Deny',
  Resource: string | string[],
  Action = 'execute-api:Invoke',
) => ({
  Effect,
  Action,
  Resource,
});

describe('method ARN', () => {
  it('is built as API Gateway builds it', () => {
    expect(arn).toBe('arn:aws:execute-api:us-east-1:000000000000:local/v1/POST/ml/bedrock');
  });
});

describe('IAM pattern matching', () => {
  it('lets * span path separators and ? match one character', () => {
    expect(matchesPattern('arn:*:local/v1/*', arn)).toBe(true);
    expect(
      matchesPattern('arn:aws:execute-api:us-east-1:000000000000:local/v1/POS?/ml/bedrock', arn),
    ).toBe(true);
    expect(matchesPattern('arn:aws:execute-api:us-east-1:000000000000:local/v1/GET/*', arn)).toBe(
      false,
    );
  });

  it('treats regex metacharacters literally', () => {
    expect(matchesPattern('a.c', 'abc')).toBe(false);
    expect(matchesPattern('a+c', 'a+c')).toBe(true);
  });
});

describe('policy evaluation', () => {
  it('allows on a matching Allow', () => {
    expect(
      isAllowed(
        { Version: '2012-10-17', Statement: [statement('Allow', 'arn:*/v1/POST/ml/*')] },
        arn,
      ),
    ).toBe(true);
  });

  it('denies when nothing matches', () => {
    expect(
      isAllowed(
        { Version: '2012-10-17', Statement: [statement('Allow', 'arn:*/v1/GET/ml/models')] },
        arn,
      ),
    ).toBe(false);
  });

  it('lets an explicit Deny win over an Allow, whatever the order', () => {
    const allow = statement('Allow', '*');
    const deny = statement('Deny', [`${arn}`]);
    expect(isAllowed({ Version: '2012-10-17', Statement: [allow, deny] }, arn)).toBe(false);
    expect(isAllowed({ Version: '2012-10-17', Statement: [deny, allow] }, arn)).toBe(false);
  });

  it('ignores statements for other actions', () => {
    expect(
      isAllowed(
        { Version: '2012-10-17', Statement: [statement('Allow', '*', 's3:GetObject')] },
        arn,
      ),
    ).toBe(false);
    expect(
      isAllowed(
        { Version: '2012-10-17', Statement: [statement('Allow', '*', 'execute-api:*')] },
        arn,
      ),
    ).toBe(true);
  });

  it('refuses malformed documents', () => {
    expect(() => isAllowed(undefined, arn)).toThrow(InvalidPolicyError);
    expect(() =>
      isAllowed(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke' } as never],
        },
        arn,
      ),
    ).toThrow(InvalidPolicyError);
    expect(() =>
      isAllowed(
        {
          Version: '2012-10-17',
          Statement: [{ ...statement('Allow', '*'), Effect: 'Maybe' } as never],
        },
        arn,
      ),
    ).toThrow(InvalidPolicyError);
  });
});
