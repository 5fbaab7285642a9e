/**
 * The critical code that `npm run mutation` checks, one group per Stryker run: the modules whose
 * mutants must be killed and the in-process tests that may kill them. Tests that run handlers in
 * the local stack's worker thread never kill a mutant (Stryker cannot switch mutants on inside
 * `worker_threads`), so every group lists in-process tests only.
 */
export interface MutationGroup {
  /** Name on the command line: `npm run mutation -- <name>`. */
  readonly name: string;
  /** What the group decides, for the report. */
  readonly title: string;
  /** Modules to mutate (Stryker globs, relative to the repository root). */
  readonly mutate: readonly string[];
  /** Test files of the group's own Vitest config (globs, relative to the repository root). */
  readonly tests: readonly string[];
}

/** Lowest mutation score (killed ÷ valid mutants, in %) any listed module may have. */
export const MUTATION_SCORE_TARGET = 90;

export const MUTATION_GROUPS: readonly MutationGroup[] = [
  {
    name: 'ledger',
    title: 'token ledger and budgets (charges)',
    mutate: ['amplify/functions/shared/usage-ledger.ts', 'amplify/usage/budgets.ts'],
    tests: [
      'amplify/functions/shared/usage-ledger.test.ts',
      'amplify/usage/budgets.test.ts',
      'amplify/usage/budget-enforcement.test.ts',
    ],
  },
  {
    name: 'history',
    title: 'conversation history ownership',
    mutate: [
      'amplify/functions/usage-api/conversations.ts',
      // The history bodies the usage API validates with (the contract's zod schemas).
      'amplify/contract/history-bodies.ts',
    ],
    tests: [
      'amplify/functions/usage-api/conversations.test.ts',
      'amplify/functions/usage-api/handler.test.ts',
      'amplify/functions/usage-api/hardening.test.ts',
    ],
  },
  {
    name: 'access',
    title: 'caller context, model access and catalog decisions',
    mutate: [
      'amplify/functions/shared/authorizer-context.ts',
      'amplify/functions/ml-processor/access.ts',
      'amplify/catalog.ts',
    ],
    tests: [
      'amplify/functions/shared/authorizer-context.test.ts',
      'amplify/functions/api-authorizer/context-hardening.test.ts',
      'amplify/functions/ml-processor/access.test.ts',
      'amplify/catalog.test.ts',
      'amplify/functions/ml-processor/processor.test.ts',
      'amplify/functions/ml-processor/bad-inputs.test.ts',
    ],
  },
  {
    name: 'authorizer',
    title: 'token authorizer',
    mutate: [
      'amplify/functions/api-authorizer/*.ts',
      '!amplify/functions/api-authorizer/*.test.ts',
      // Only the `defineFunction` declaration; the infra tests check what it synthesizes.
      '!amplify/functions/api-authorizer/resource.ts',
    ],
    tests: ['amplify/functions/api-authorizer/**/*.test.ts'],
  },
  {
    name: 'request',
    title: 'request bodies, model request validation and error mapping',
    mutate: [
      'amplify/functions/ml-processor/request.ts',
      // The request bodies the processor validates with (the contract's zod schemas).
      'amplify/contract/request-bodies.ts',
      'amplify/functions/ml-processor/upstream-errors.ts',
      'amplify/functions/shared/json-body.ts',
    ],
    tests: [
      'amplify/functions/ml-processor/*.test.ts',
      'amplify/functions/usage-api/hardening.test.ts',
    ],
  },
  {
    name: 'charges',
    title: 'what a model call is charged (no free failures)',
    mutate: ['amplify/functions/ml-processor/charge-policy.ts'],
    tests: [
      'amplify/functions/ml-processor/charge-policy.test.ts',
      'amplify/functions/ml-processor/charges.test.ts',
    ],
  },
];

/** The group called `name`, or an error that lists the groups there are. */
export function groupNamed(name: string): MutationGroup {
  const group = MUTATION_GROUPS.find((candidate) => candidate.name === name);
  if (!group)
    throw new Error(
      `No mutation group "${name}"; groups: ${MUTATION_GROUPS.map((g) => g.name).join(', ')}`,
    );
  return group;
}
