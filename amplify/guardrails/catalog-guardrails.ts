/**
 * The catalog's `guardrails` field: which policy applies to a model, per granting group. Absent
 * means the `default` policy for everyone.
 */
import * as z from 'zod/mini';

import {
  DEFAULT_DETECTOR_ACTIONS,
  DEFAULT_POLICY_NAME,
  GUARDRAIL_POLICIES,
  type GuardrailPolicyInput,
  guardrailPolicySchema,
  restorableProblems,
} from './policies.ts';

/** The catalog's `guardrails` field of an entry. */
export interface ModelGuardrails {
  /** The policy for callers whose group has none below. @default 'default' */
  readonly policy?: string;
  /** Per group (the group that grants the caller the model): a policy name. */
  readonly groups?: Readonly<Record<string, string>>;
}

const modelGuardrailsSchema = z.strictObject({
  policy: z.optional(z.string()),
  groups: z.optional(z.record(z.string(), z.string())),
});

/**
 * The problems of the policies: a field zod rejects, a name used twice, no `default` policy.
 */
export function policyProblems(
  policies: readonly GuardrailPolicyInput[] = GUARDRAIL_POLICIES,
): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const policy of policies) {
    const parsed = guardrailPolicySchema.safeParse(policy);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        problems.push(
          `guardrail policy "${String(policy.name)}": ${issue.path.join('.') || '(policy)'}: ${issue.message}`,
        );
    else
      problems.push(
        ...restorableProblems(
          parsed.data.name,
          { ...DEFAULT_DETECTOR_ACTIONS, ...parsed.data.detectors },
          parsed.data.restorable,
        ),
      );
    if (names.has(policy.name)) problems.push(`guardrail policy "${policy.name}" is defined twice`);
    names.add(policy.name);
  }
  if (!names.has(DEFAULT_POLICY_NAME))
    problems.push(`guardrail policies: no "${DEFAULT_POLICY_NAME}" policy`);
  return problems;
}

/**
 * The problems of an entry's `guardrails`: an unknown field, a policy name that does not exist,
 * a group the entry does not grant.
 */
export function guardrailProblems(
  where: string,
  guardrails: ModelGuardrails | undefined,
  entryGroups: readonly string[],
  policies: readonly GuardrailPolicyInput[] = GUARDRAIL_POLICIES,
): string[] {
  const problems: string[] = [];
  const names = new Set(policies.map((policy) => policy.name));
  if (guardrails === undefined) return problems;
  const parsed = modelGuardrailsSchema.safeParse(guardrails);
  if (!parsed.success)
    return [
      ...problems,
      ...parsed.error.issues.map(
        (issue) => `${where}: guardrails.${issue.path.join('.')}: ${issue.message}`,
      ),
    ];
  const named = (name: string, field: string) => {
    if (!names.has(name)) problems.push(`${where}: ${field}: no guardrail policy "${name}"`);
  };
  if (guardrails.policy !== undefined) named(guardrails.policy, 'guardrails.policy');
  for (const [group, name] of Object.entries(guardrails.groups ?? {})) {
    if (!entryGroups.includes(group))
      problems.push(`${where}: guardrails.groups: "${group}" is not one of the entry's groups`);
    named(name, `guardrails.groups.${group}`);
  }
  return problems;
}

/** The policy name for a caller granted the entry through `group`. */
export function policyNameFor(
  guardrails: ModelGuardrails | undefined,
  group: string | undefined,
): string {
  return (
    (group !== undefined ? guardrails?.groups?.[group] : undefined) ??
    guardrails?.policy ??
    DEFAULT_POLICY_NAME
  );
}
