import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';

import { applyRequiredCdkFlags } from '../../amplify/cdk-context.ts';

const outDirs: string[] = [];
afterEach(() => outDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Synthesizes a one-resource app whose template has a schema finding (an unknown property). */
function synthWithFinding(env: NodeJS.ProcessEnv): void {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-validate-'));
  outDirs.push(outdir);
  const context = env['CDK_CONTEXT_JSON']
    ? (JSON.parse(env['CDK_CONTEXT_JSON']) as Record<string, unknown>)
    : {};
  const app = new App({ outdir, context });
  const stack = new Stack(app, 'Probe');
  new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic', properties: { NotAProperty: 'x' } });
  app.synth();
}

describe('CloudFormation template validation', () => {
  it('fails the synth on a template finding once the project flags are applied', () => {
    const env: NodeJS.ProcessEnv = {};
    applyRequiredCdkFlags(env);
    expect(() => synthWithFinding(env)).toThrow(/NotAProperty/);
  });

  it('only warns without the flag (the reason the project turns it on)', () => {
    expect(() => synthWithFinding({})).not.toThrow();
  });

  it('keeps the context the CDK CLI already passed', () => {
    const env: NodeJS.ProcessEnv = {
      CDK_CONTEXT_JSON: JSON.stringify({ 'amplify-backend-type': 'sandbox' }),
    };
    applyRequiredCdkFlags(env);
    expect(JSON.parse(env['CDK_CONTEXT_JSON']!)).toEqual({
      'amplify-backend-type': 'sandbox',
      '@aws-cdk/core:validateAgainstDefaultRules': true,
    });
  });
});
