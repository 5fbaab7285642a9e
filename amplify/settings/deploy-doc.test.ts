import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULTS } from './defaults.ts';
import { SETTING_VARIABLES } from './overrides.ts';
import { ENVIRONMENTS } from './schema.ts';

const deployDoc = readFileSync(path.resolve(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

/** The cells of the docs table row whose first cell is `first`. */
function row(first: string): string[] | undefined {
  const line = deployDoc.split('\n').find((text) => text.startsWith(`| ${first} `));
  return line
    ?.split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

const valueAt = (settings: unknown, dotted: string) =>
  dotted
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], settings);

/** A default as the docs write it: `value`, a list of them, or — for none. */
function documented(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
  return (Array.isArray(value) ? value : [value]).map((item) => `\`${item}\``).join(', ');
}

describe('docs/deploy.md settings table', () => {
  it.each(Object.entries(SETTING_VARIABLES))(
    '%s: names its setting and the default of every environment',
    (variable, { setting }) => {
      const cells = row(`\`${variable}\``);
      expect(cells, `no row for ${variable}`).toBeDefined();
      expect(cells![1]).toBe(`\`${setting}\``);
      expect(cells!.slice(2, 2 + ENVIRONMENTS.length)).toEqual(
        ENVIRONMENTS.map((environment) => documented(valueAt(DEFAULTS[environment], setting))),
      );
    },
  );

  it('has its environment columns in the order of ENVIRONMENTS', () => {
    expect(row('variable')?.slice(2, 2 + ENVIRONMENTS.length)).toEqual([...ENVIRONMENTS]);
  });
});

describe('docs/deploy.md account-level prerequisites', () => {
  const section = (heading: string) => {
    const start = deployDoc.indexOf(`\n### ${heading}\n`);
    expect(start, heading).toBeGreaterThan(0);
    const end = deployDoc.indexOf('\n#', start + heading.length + 6);
    return deployDoc.slice(start, end === -1 ? undefined : end);
  };

  it('tells how to check the API Gateway CloudWatch role the stacks no longer create', () => {
    expect(section('API Gateway CloudWatch Logs role')).toContain('aws apigateway get-account');
  });

  it('gives the Lambda quota the stream reservation needs and how to check it', () => {
    const quota = section('Lambda concurrency quota');
    expect(quota).toContain('aws lambda get-account-settings');
    expect(quota).toContain('STREAM_RESERVED_CONCURRENCY');
    expect(quota).toContain('100');
  });

  it('describes Bedrock first use (Marketplace subscription, Anthropic use case form)', () => {
    const bedrock = section('Bedrock model access');
    for (const text of [
      'aws-marketplace:Subscribe',
      'aws-marketplace:ViewSubscriptions',
      'use case',
    ])
      expect(bedrock).toContain(text);
  });

  it('is where troubleshooting sends Bedrock access errors, not the retired Model access page', () => {
    const troubleshooting = readFileSync(
      path.resolve(import.meta.dirname, '../../docs/troubleshooting.md'),
      'utf8',
    );
    expect(troubleshooting).toContain('deploy.md#bedrock-model-access');
    expect(troubleshooting).not.toMatch(
      /enable the model in the Bedrock console \(\*\*Model access\*\*\)/,
    );
  });
});
