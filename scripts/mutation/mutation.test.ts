import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { importClosure } from '../../tests/support/source-graph.ts';
import { TEST_STEPS } from '../test-steps.ts';
import { groupNamed, MUTATION_GROUPS, MUTATION_SCORE_TARGET } from './groups.ts';
import { moduleScores, type MutantOutcome } from './scores.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const workflow = read('.github/workflows/mutation.yml');

/** The files a list of globs names (`!` excludes), relative to the repository root. */
function filesOf(globs: readonly string[]): string[] {
  const included = globs.filter((glob) => !glob.startsWith('!'));
  const excluded = globs.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  return globSync([...included], { cwd: root }).filter(
    (file) => !excluded.some((glob) => path.matchesGlob(file, glob)),
  );
}

/** The `paths:` filter of the workflow's pull_request trigger. */
function pullRequestPaths(): string[] {
  const block = /^ {2}pull_request:\n {4}paths:\n((?: {6}- .+\n)+)/m.exec(workflow);
  expect(block, 'pull_request.paths').not.toBeNull();
  return [...block![1]!.matchAll(/- '([^']+)'/g)].map((match) => match[1]!);
}

describe('the mutation groups (scripts/mutation/groups.ts)', () => {
  it('name modules and tests that exist, and in-process tests only', () => {
    for (const group of MUTATION_GROUPS) {
      expect(filesOf(group.mutate).length, `${group.name} mutate`).toBeGreaterThan(0);
      for (const test of group.tests) {
        const files = filesOf([test]);
        expect(files.length, `${group.name}: ${test}`).toBeGreaterThan(0);
        // Mutants are never switched on inside a worker thread (the local stack runs its
        // handlers in one): no test of a group reaches the local stack or worker_threads.
        for (const file of files) {
          const reached = importClosure(path.join(root, file));
          expect(reached.files.has(path.join(root, 'local/stack.ts')), file).toBe(false);
          expect(reached.modules.has('node:worker_threads'), file).toBe(false);
        }
      }
    }
  });

  it('sees the local stack and its worker thread where a test does start it', () => {
    const stackTest = importClosure(path.join(root, 'local/stack.test.ts'));
    expect(stackTest.files.has(path.join(root, 'local/stack.ts'))).toBe(true);
    expect(stackTest.modules.has('node:worker_threads')).toBe(true);
  });

  it('cover the critical modules of the issue, each in exactly one group', () => {
    const mutated = MUTATION_GROUPS.flatMap((group) => filesOf(group.mutate));
    expect(new Set(mutated).size).toBe(mutated.length);
    for (const module of [
      'amplify/functions/api-authorizer/verifier.ts',
      'amplify/functions/api-authorizer/jwks-fetcher.ts',
      'amplify/functions/shared/authorizer-context.ts',
      'amplify/functions/ml-processor/access.ts',
      'amplify/catalog.ts',
      'amplify/functions/shared/usage-ledger.ts',
      'amplify/usage/budgets.ts',
      'amplify/functions/usage-api/conversations.ts',
      'amplify/functions/ml-processor/request.ts',
      'amplify/contract/request-bodies.ts',
      'amplify/functions/ml-processor/upstream-errors.ts',
    ])
      expect(mutated, module).toContain(module);
  });

  it('are found by name, and an unknown name lists the groups', () => {
    expect(groupNamed('ledger').mutate).toContain('amplify/usage/budgets.ts');
    expect(() => groupNamed('nope')).toThrow(/groups: ledger, history, access, authorizer/);
  });
});

describe('moduleScores', () => {
  const mutant = (fileName: string, status: string, line = 1): MutantOutcome => ({
    fileName: path.join(root, fileName),
    status,
    mutatorName: 'EqualityOperator',
    replacement: 'a   <=\n b',
    location: { start: { line, column: 3 } },
  });

  it('counts timeouts as killed, uncovered mutants as survivors, and leaves errors out', () => {
    const [score] = moduleScores(
      [
        mutant('a.ts', 'Killed'),
        mutant('a.ts', 'Timeout'),
        mutant('a.ts', 'Survived', 12),
        mutant('a.ts', 'NoCoverage', 14),
        mutant('a.ts', 'CompileError'),
        mutant('a.ts', 'RuntimeError'),
        mutant('a.ts', 'Ignored'),
      ],
      root,
    );
    expect(score).toEqual({
      module: 'a.ts',
      killed: 2,
      survived: 1,
      noCoverage: 1,
      disabled: 1,
      valid: 4,
      score: 50,
      survivors: [
        '12:3 EqualityOperator → a <= b',
        '14:3 EqualityOperator → a <= b (no test reaches it)',
      ],
    });
  });

  it('scores each module on its own, in name order', () => {
    const scores = moduleScores(
      [mutant('b.ts', 'Killed'), mutant('a.ts', 'Survived'), mutant('b.ts', 'Ignored')],
      root,
    );
    expect(scores.map(({ module, score }) => [module, score])).toEqual([
      ['a.ts', 0],
      ['b.ts', 100],
    ]);
    expect(moduleScores([mutant('c.ts', 'Ignored')], root)[0]!.score).toBe(100);
  });
});

describe('the mutation workflow (.github/workflows/mutation.yml)', () => {
  it('runs weekly on a schedule', () => {
    const cron = /^ {2}schedule:\n {4}# .+\n {4}- cron: '([^']+)'\n/m.exec(workflow)?.[1];
    // minute hour * * day-of-week: once a week.
    expect(cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
  });

  it('runs on pull requests that touch a mutated module, its tests or the set-up', () => {
    const filters = pullRequestPaths();
    const watched = (file: string) => filters.some((filter) => path.matchesGlob(file, filter));
    for (const group of MUTATION_GROUPS)
      for (const file of [...filesOf(group.mutate), ...filesOf(group.tests)])
        expect(watched(file), `${group.name}: ${file}`).toBe(true);
    for (const file of ['scripts/mutation/run.ts', '.github/workflows/mutation.yml'])
      expect(watched(file), file).toBe(true);
  });

  it('holds no credentials: read-only token, no secrets, no cloud login', () => {
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n\n/m);
    expect(workflow).not.toMatch(/secrets\.|id-token|aws-actions\/|AWS_|role-to-assume/);
    expect(workflow).toContain('persist-credentials: false');
  });

  it('installs with npm ci on the Node of .nvmrc, then runs npm run mutation', () => {
    expect(workflow).toContain('node-version-file: .nvmrc');
    const install = workflow.indexOf('run: npm ci');
    expect(install).toBeGreaterThan(0);
    expect(workflow.indexOf('run: npm run mutation')).toBeGreaterThan(install);
    expect(JSON.parse(read('package.json')).scripts.mutation).toBe('node scripts/mutation/run.ts');
    // Too slow for the quality gate: npm test never runs it.
    expect(
      TEST_STEPS.flatMap(({ command }) => command).filter((part) => part.includes('mutation')),
    ).toEqual([]);
  });

  it('is documented with the target', () => {
    const doc = read('docs/testing.md');
    expect(doc).toContain('npm run mutation');
    expect(doc).toContain(`${MUTATION_SCORE_TARGET}%`);
  });
});
