import { describe, expect, it } from 'vitest';

import { startLocalStack } from './stack.ts';

describe('ML_GATEWAY_REAL_AWS', () => {
  it('starts no local model servers and leaves the processors on the AWS endpoints and catalog', async () => {
    const stack = await startLocalStack({
      ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 },
      app: 'none',
      env: { ...process.env, ML_GATEWAY_REAL_AWS: '1' },
    });
    try {
      expect(stack.realAws).toBe(true);
      for (const name of [
        'BEDROCK_ENDPOINT',
        'SAGEMAKER_ENDPOINT',
        'S3_ENDPOINT',
        'MODEL_CATALOG',
      ]) {
        expect(stack.handlerEnvironment).not.toHaveProperty(name);
      }
      // The machine's credentials stay in charge; only the usage tables' endpoint is local.
      expect(stack.handlerEnvironment).not.toHaveProperty('AWS_ACCESS_KEY_ID');
      expect(stack.handlerEnvironment['AWS_ENDPOINT_URL_DYNAMODB']).toMatch(
        /^http:\/\/127\.0\.0\.1:/,
      );
      const response = await fetch(`${stack.apiUrl}ml/models`, {
        headers: { authorization: `Bearer ${await stack.signIn('admin')}` },
      });
      const body = (await response.json()) as { data: { models: { id: string }[] } };
      expect(body.data.models.length).toBeGreaterThan(0);
      expect(body.data.models.map((model) => model.id)).not.toContain('local.echo');
    } finally {
      await stack.stop();
    }
  });
});
