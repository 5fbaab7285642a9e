import { describe, expect, it } from 'vitest';
import { nestedStack } from './assembly.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

// The IAM the processors get is asserted on the construct alone:
// amplify/security/ml-processor-permissions.test.ts.
describe('processor functions', () => {
  const functions = () =>
    Object.entries(nestedStack('api').toJSON()['Resources'] as Record<string, Resource>).filter(
      ([id, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && /^ml(stream)?processorlambda/.test(id),
    );

  it('run on Node.js 24 with the body limit from the settings and no endpoint overrides', () => {
    expect(functions()).toHaveLength(2);
    for (const [, fn] of functions()) {
      expect(fn.Properties['Runtime']).toBe('nodejs24.x');
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables['MAX_BODY_BYTES']).toBe('262144');
      expect(variables['ALLOWED_ORIGINS']).toBe('http://localhost:4200');
      for (const name of ['BEDROCK_ENDPOINT', 'SAGEMAKER_ENDPOINT', 'S3_ENDPOINT', 'MODEL_CATALOG'])
        expect(variables[name]).toBeUndefined();
    }
  });

  it('give the buffered function a deadline inside API Gateway’s 29 s, the streaming one 15 min', () => {
    const byId = Object.fromEntries(
      functions().map(([id, fn]) => [id.startsWith('mlstream') ? 'stream' : 'buffered', fn]),
    );
    expect(byId['buffered']!.Properties['Timeout']).toBe(30);
    expect(byId['stream']!.Properties['Timeout']).toBe(900);
    const upstream = (fn: Resource) =>
      Number(
        (fn.Properties['Environment'] as { Variables: Record<string, string> }).Variables[
          'UPSTREAM_TIMEOUT_MS'
        ],
      );
    expect(upstream(byId['buffered']!)).toBeLessThan(29_000);
    expect(upstream(byId['stream']!)).toBeLessThan(900_000);
  });
});
