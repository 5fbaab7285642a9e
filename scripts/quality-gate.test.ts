import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
    const runner = read('scripts/test-all.ts');
    for (const step of [
      'lint',
      'format',
      'typecheck-app',
      'typecheck-node',
      'typecheck-amplify',
      'app',
      'backend',
      'infra',
      'e2e',
    ])
      expect(runner, step).toMatch(new RegExp(`name: '${step}'|vitestProject\\('${step}'\\)`));
  });
});
