/** The Cognito groups: who may call which route and use which model. */
export const GROUPS = ['Administrators', 'MLUsers', 'ReadOnly'] as const;
export type Group = (typeof GROUPS)[number];

/** The group whose members see the admin pages and the usage report. */
export const ADMIN_GROUP: Group = 'Administrators';

/** True when `value` names one of {@link GROUPS}; other token groups are ignored everywhere. */
export function isGroup(value: unknown): value is Group {
  return (GROUPS as readonly unknown[]).includes(value);
}
