import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { callsAndStrings, importsOf } from '../tests/support/source-graph.ts';
import { SMOKE_OPTIONS } from './smoke/smoke-options.ts';
import { TEST_STEPS } from './test-steps.ts';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const workflow = read('.github/workflows/test.yml');

describe('the GitHub quality gate (.github/workflows/test.yml)', () => {
  it('is the job `test` that branch protection requires, on every push and pull request', () => {
    expect(workflow).toMatch(/^jobs:\n {2}test:\n/m);
    expect(workflow).toMatch(/^on:\n {2}push:\n {2}pull_request:\n/m);
    expect(read('docs/deploy.md')).toContain('add the check **`test`**');
  });

  it('holds no credentials: read-only token, no secrets, no cloud login', () => {
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n\n/m);
    expect(workflow).not.toMatch(/secrets\.|id-token|aws-actions\/|AWS_ACCESS_KEY|role-to-assume/);
    expect(workflow).toContain('persist-credentials: false');
  });

  it('runs every check of npm test through .ci/run', () => {
    expect(workflow).toContain('run: bash .ci/run');
    expect(read('.ci/run')).toMatch(/^npm test /m);
    // The AWS API-model gate reads botocore's models; a fresh runner installs them.
    expect(read('.ci/run')).toContain('python3-botocore');
    expect(TEST_STEPS.map((step) => step.name)).toEqual([
      'lint',
      'format',
      'typecheck-app',
      'typecheck-node',
      'typecheck-amplify',
      'app',
      'backend',
      'infra',
      'e2e',
    ]);
  });
});

describe('the npm scripts and the CI entry point', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('name only project files that exist (tsconfigs, scripts run with node)', () => {
    const referenced = Object.entries(scripts).flatMap(([name, command]) =>
      [...command.matchAll(/(?:-p|--project|\bnode)\s+([\w./-]+\.(?:json|ts))/g)].map((match) => ({
        name,
        file: match[1]!,
      })),
    );
    expect(referenced.map((entry) => entry.file)).toContain('tsconfig.node.json');
    for (const { name, file } of referenced)
      expect(existsSync(path.join(root, file)), `${name}: ${file}`).toBe(true);
  });

  it('type-check with `npm run typecheck` exactly the tsconfigs npm test checks', () => {
    const tested = TEST_STEPS.flatMap(({ command }) =>
      command.flatMap((part, index) => (command[index - 1] === '-p' ? [part] : [])),
    );
    const checked = [...scripts['typecheck']!.matchAll(/-p (\S+)/g)].map((match) => match[1]);
    expect(checked.sort()).toEqual(tested.sort());
  });

  it('launch every browser through tests/e2e/find-chromium.ts, never a hard-coded path', () => {
    const launchers = ['tests/e2e/browser.ts', 'tests/e2e/csp.test.ts', 'tests/bench/app.bench.ts'];
    const finder = path.join(root, 'tests/e2e/find-chromium.ts');
    for (const file of launchers) {
      const absolute = path.join(root, file);
      const { calls, strings } = callsAndStrings(absolute);
      expect(importsOf(absolute).files, file).toContain(finder);
      expect(calls.has('findChromium'), file).toBe(true);
      expect(
        [...strings].filter((text) => text.startsWith('/usr/bin/')),
        file,
      ).toEqual([]);
    }
  });

  it('need apt only for botocore where the image lacks it: the browser comes from npm when the system has none', () => {
    const ci = read('.ci/run');
    expect(ci).not.toMatch(/apt-get[^\n]*(chromium|chrome)/i);
    // apt runs only where the machine lacks botocore (the AWS API models); the image ships it.
    const aptLines = ci.split('\n').filter((line) => /^[^#]*apt-get/.test(line));
    expect(aptLines.every((line) => /apt-get (update|install .*python3-botocore)/.test(line))).toBe(
      true,
    );
    expect(ci).toMatch(/^if ! python3 -c 'import botocore'/m);
    expect(ci).toMatch(/^echo "\$totals"$/m);
    const packageJson = JSON.parse(read('package.json')) as {
      devDependencies: Record<string, string>;
    };
    expect(packageJson.devDependencies).toHaveProperty('@sparticuz/chromium');
  });
});

describe('the first deploy checklist (docs/deploy.md)', () => {
  const deployDoc = read('docs/deploy.md');
  const checklist = deployDoc.slice(
    deployDoc.indexOf('## First deploy checklist'),
    deployDoc.indexOf('### Smoke test after a deploy'),
  );

  it('gives every account-level prerequisite the AWS CLI command that verifies it', () => {
    for (const prerequisite of [
      'Bedrock model access',
      'aws-marketplace:Subscribe',
      'API Gateway CloudWatch Logs role',
      'WAF log delivery policy',
      'Lambda concurrency quota',
      'Alarm e-mail confirmation',
      'Cognito domain prefix',
      'Smoke test',
    ])
      expect(checklist, prerequisite).toContain(prerequisite);
    for (const command of [
      'aws bedrock get-foundation-model-availability',
      'aws iam simulate-principal-policy',
      'aws apigateway get-account',
      'aws logs describe-resource-policies',
      'aws lambda get-account-settings',
      'aws sns list-subscriptions-by-topic',
      'aws cognito-idp describe-user-pool-domain',
      'npm run smoke',
    ])
      expect(checklist, command).toContain(command);
  });

  it('documents every option of npm run smoke', () => {
    const options = Object.keys(SMOKE_OPTIONS);
    expect(options.sort()).toEqual(['api', 'origin', 'token', 'user']);
    for (const option of options) expect(deployDoc).toContain(`--${option}`);
    expect(deployDoc).toContain('SMOKE_TOKEN');
    expect(JSON.parse(read('package.json')).scripts.smoke).toBe('node scripts/smoke.ts');
  });
});
