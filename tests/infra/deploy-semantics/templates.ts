/**
 * Shared vocabulary of the deploy-semantics checks: walking the resources of a set of
 * CloudFormation templates (a root stack and its nested stacks) and recognising intrinsics.
 */

/** A resource as it appears in a template. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** One resource with where it lives. */
export interface LocatedResource {
  /** Template name (`root`, `auth`, `api`, ...). */
  template: string;
  logicalId: string;
  resource: TemplateResource;
}

/** A problem a deploy would run into; `rule` names the check, `message` says what to fix. */
export interface DeployFinding {
  rule: string;
  template: string;
  logicalId: string;
  message: string;
}

/** Every resource of every template, in template order. */
export function resourcesOf(templates: Record<string, unknown>): LocatedResource[] {
  return Object.entries(templates).flatMap(([template, json]) =>
    Object.entries((json as { Resources?: Record<string, TemplateResource> }).Resources ?? {}).map(
      ([logicalId, resource]) => ({ template, logicalId, resource }),
    ),
  );
}

/** `{ Ref }` or `{ Fn::... }`: a value CloudFormation resolves at deploy time. */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/** The logical id a `{ Ref }` points at, if the value is one. */
export function refTarget(value: unknown): string | undefined {
  return isIntrinsic(value) && typeof value['Ref'] === 'string' ? value['Ref'] : undefined;
}

/** A property by dotted path (`Budget.BudgetName`), or undefined. */
export function propertyAt(resource: TemplateResource, dotted: string): unknown {
  let value: unknown = resource.Properties;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One line per finding, so a failing test lists every one of them in full. */
export function formatFindings(findings: DeployFinding[]): string[] {
  return findings.map((f) => `[${f.rule}] ${f.template}/${f.logicalId}: ${f.message}`);
}
