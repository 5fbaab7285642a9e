import { describe, expect, it } from 'vitest';

import { apiKeyVerifierFromEnv } from './api-key-dependencies.ts';
import { AuthorizerConfigError } from './errors.ts';

describe('the key verifier from the environment', () => {
  it('is off without a key table (keys are then refused)', () => {
    expect(apiKeyVerifierFromEnv({ USER_POOL_ID: 'eu-west-1_Pool' })).toBeUndefined();
  });

  it('refuses a key table without the HMAC secret, naming both variables', () => {
    expect(() =>
      apiKeyVerifierFromEnv({ USER_POOL_ID: 'eu-west-1_Pool', API_KEY_TABLE_NAME: 'keys' }),
    ).toThrow(AuthorizerConfigError);
    expect(() => apiKeyVerifierFromEnv({ API_KEY_TABLE_NAME: 'keys' })).toThrow(
      /API_KEY_SECRET_ARN.*API_KEY_HMAC_SECRET/,
    );
  });

  it('is built from the table and the secret ARN (AWS) or the local secret', () => {
    for (const secret of [
      { API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf' },
      { API_KEY_HMAC_SECRET: 'a local secret of at least thirty-two bytes' },
    ])
      expect(
        apiKeyVerifierFromEnv({
          USER_POOL_ID: 'eu-west-1_Pool',
          API_KEY_TABLE_NAME: 'keys',
          AWS_REGION: 'eu-west-1',
          ...secret,
        }),
      ).toBeDefined();
  });
});
