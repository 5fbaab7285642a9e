import { describe, expect, it } from 'vitest';

import { invalidSettingsMessage, synthBackend } from './synth.ts';

describe('npm run synth', () => {
  it('reports a misconfigured branch by its settings message alone', () => {
    expect(() =>
      synthBackend({ branch: 'main', outDir: `cdk.out/test-synth-${process.pid}` }),
    ).toThrow(
      /^Invalid settings for environment "prod" \(branch main\):\n\s+- entraMetadataUrl .*ENTRA_METADATA_URL/,
    );
  }, 120_000);

  it('keeps every problem line and drops the stack', () => {
    const stderr = [
      'file:///x/settings/index.ts:157',
      'InvalidSettingsError: Invalid settings for environment "dev" (branch dev):',
      '  - allowedOrigins: must be https',
      '  - waf.ratePerFiveMinutes: too small',
      '    at loadSettings (/x/settings/index.ts:157:11)',
    ].join('\n');
    expect(invalidSettingsMessage(stderr)).toBe(
      'Invalid settings for environment "dev" (branch dev):\n  - allowedOrigins: must be https\n  - waf.ratePerFiveMinutes: too small',
    );
  });

  it('leaves other synth failures to the full CLI output', () => {
    expect(invalidSettingsMessage('Error: something else\n    at x')).toBeUndefined();
  });
});
