/**
 * Holds the literal properties of CloudFormation templates against the constraints of the AWS API
 * request CloudFormation makes for each resource (pattern, length, numeric range, enum, list and
 * map sizes), and reports every violation at once. Intrinsic values (Ref, Fn::*) are unknown until
 * deploy and are skipped; literal strings inside lists and maps are still checked.
 */
import type { ApiShape, BotocoreModels, ServiceModel } from './botocore-models.ts';
import {
  type ApiTarget,
  RESOURCE_APIS,
  type ResourceApi,
  type ResourceApiEntry,
} from './resource-apis.ts';

/** One property value an AWS API would refuse. */
export interface ApiModelViolation {
  /** Template name (`root`, `auth`, `api`, ...). */
  template: string;
  logicalId: string;
  resourceType: string;
  /** Property path inside the resource's Properties, e.g. `Rules[2].Statement.Name`. */
  path: string;
  value: unknown;
  /** The constraint it breaks, with the API shape it comes from. */
  constraint: string;
}

/** What one validation run found and what it could not check. */
export interface ApiModelReport {
  violations: ApiModelViolation[];
  /** Property paths that match no API member (CloudFormation-only settings); informational. */
  unmatched: string[];
  /** Resources checked against a model, by type. */
  checkedTypes: Set<string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, Json>;
}

interface Walk {
  model: ServiceModel;
  api: ResourceApi;
  report: ApiModelReport;
  where: Pick<ApiModelViolation, 'template' | 'logicalId' | 'resourceType'>;
}

/** `{ Ref }`, `{ Fn::... }` and `{ Condition }`: resolved at deploy time, so not checkable here. */
function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function containsIntrinsic(value: Json): boolean {
  if (isIntrinsic(value)) return true;
  if (Array.isArray(value)) return value.some(containsIntrinsic);
  if (value !== null && typeof value === 'object')
    return Object.values(value).some(containsIntrinsic);
  return false;
}

const compiledPatterns = new Map<string, RegExp | null>();

/**
 * Java-style inline flags (`(?s).*`, `x|(?i)y`) as ECMAScript modifier groups: a flag applies to
 * the rest of its enclosing group.
 */
export function toModifierGroups(pattern: string): string {
  const inline = /\(\?([ims]+)\)/.exec(pattern);
  if (!inline) return pattern;
  const start = inline.index;
  let depth = 0;
  let end = pattern.length;
  for (let i = start + inline[0].length; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) {
      end = i;
      break;
    }
  }
  const rest = pattern.slice(start + inline[0].length, end);
  return toModifierGroups(`${pattern.slice(0, start)}(?${inline[1]}:${rest})${pattern.slice(end)}`);
}

/**
 * AWS model patterns are ECMAScript regular expressions that match anywhere in the value unless
 * anchored (Smithy 2.0 spec, "Constraint traits", pattern trait: smithy.io); most
 * need the `u` flag (`\p{L}`), a few use escapes only the legacy syntax accepts. A pattern neither
 * dialect compiles is left unchecked rather than guessed.
 */
function compilePattern(pattern: string): RegExp | null {
  if (!compiledPatterns.has(pattern)) {
    let compiled: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        compiled = new RegExp(toModifierGroups(pattern), flags);
        break;
      } catch {
        // try the next dialect
      }
    }
    compiledPatterns.set(pattern, compiled);
  }
  return compiledPatterns.get(pattern)!;
}

function violation(walk: Walk, path: string, value: unknown, constraint: string): void {
  walk.report.violations.push({ ...walk.where, path, value, constraint });
}

function shapeOf(model: ServiceModel, name: string): ApiShape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`Shape ${name} is not in the ${model.service} model`);
  return shape;
}

/** The shape a target names, or a synthetic list shape for `{ listOf }`. */
function resolveTarget(
  model: ServiceModel,
  target: Exclude<ApiTarget, string>,
): { name: string; shape: ApiShape } {
  if ('listOf' in target) {
    shapeOf(model, target.listOf);
    return {
      name: `[${target.listOf}]`,
      shape: { type: 'list', member: { shape: target.listOf } },
    };
  }
  const container = shapeOf(model, target.shape);
  if (!target.member) return { name: target.shape, shape: container };
  const member = container.members?.[target.member];
  if (!member) throw new Error(`${target.shape} has no member ${target.member}`);
  return { name: member.shape, shape: shapeOf(model, member.shape) };
}

function checkLength(
  walk: Walk,
  path: string,
  value: unknown,
  size: number,
  shape: ApiShape,
  name: string,
  unit: string,
) {
  if (shape.min !== undefined && size < shape.min)
    violation(walk, path, value, `${name}: at least ${shape.min} ${unit} (has ${size})`);
  if (shape.max !== undefined && size > shape.max)
    violation(walk, path, value, `${name}: at most ${shape.max} ${unit} (has ${size})`);
}

function checkString(
  walk: Walk,
  path: string,
  raw: Json,
  text: string,
  name: string,
  shape: ApiShape,
) {
  // Smithy's length trait counts Unicode code points.
  checkLength(walk, path, raw, [...text].length, shape, name, 'characters');
  if (shape.enum && !shape.enum.includes(text))
    violation(walk, path, raw, `${name}: one of ${shape.enum.join(', ')}`);
  if (shape.pattern) {
    const pattern = compilePattern(shape.pattern);
    if (pattern && !pattern.test(text))
      violation(walk, path, raw, `${name}: must match pattern ${shape.pattern}`);
  }
}

/** A CloudFormation `[{ Key, Value }]` list where the API takes a map (tags, dimensions). */
function keyValueEntries(value: Json[]): [string, Json][] | undefined {
  const isPair = (item: Json) =>
    item !== null &&
    typeof item === 'object' &&
    !Array.isArray(item) &&
    'Key' in item &&
    'Value' in item;
  if (!value.every(isPair)) return undefined;
  return value.map((item) => {
    const pair = item as { Key: Json; Value: Json };
    return [typeof pair.Key === 'string' ? pair.Key : JSON.stringify(pair.Key), pair.Value];
  });
}

function checkValue(walk: Walk, value: Json, name: string, shape: ApiShape, path: string): void {
  if (value === null || isIntrinsic(value)) return;
  switch (shape.type) {
    case 'string': {
      if (typeof value === 'object') {
        // A JSON document (policy, schema) CloudFormation serializes into the request string.
        if (!containsIntrinsic(value))
          checkString(walk, path, '(JSON document)', JSON.stringify(value), name, shape);
        return;
      }
      checkString(walk, path, value, String(value), name, shape);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const number = typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) {
        violation(walk, path, value, `${name}: a number`);
        return;
      }
      if (shape.min !== undefined && number < shape.min)
        violation(walk, path, value, `${name}: at least ${shape.min}`);
      if (shape.max !== undefined && number > shape.max)
        violation(walk, path, value, `${name}: at most ${shape.max}`);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        walk.report.unmatched.push(`${walk.where.resourceType} ${path} (not a list)`);
        return;
      }
      checkLength(walk, path, `(${value.length} items)`, value.length, shape, name, 'items');
      const memberName = shape.member!.shape;
      const memberShape = shapeOf(walk.model, memberName);
      value.forEach((item, i) => checkValue(walk, item, memberName, memberShape, `${path}[${i}]`));
      return;
    }
    case 'map': {
      const entries = Array.isArray(value)
        ? keyValueEntries(value)
        : typeof value === 'object'
          ? Object.entries(value)
          : undefined;
      if (!entries) {
        walk.report.unmatched.push(`${walk.where.resourceType} ${path} (not a map)`);
        return;
      }
      checkLength(
        walk,
        path,
        `(${entries.length} entries)`,
        entries.length,
        shape,
        name,
        'entries',
      );
      const keyName = shape.key!.shape;
      const valueName = shape.value!.shape;
      for (const [key, entry] of entries) {
        checkValue(walk, key, keyName, shapeOf(walk.model, keyName), `${path}{${key}}`);
        checkValue(walk, entry, valueName, shapeOf(walk.model, valueName), `${path}.${key}`);
      }
      return;
    }
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        walk.report.unmatched.push(`${walk.where.resourceType} ${path} (not a structure)`);
        return;
      }
      checkStructure(walk, value, name, shape, path, {});
      return;
    }
    default:
      // boolean, blob, timestamp: the models constrain nothing CloudFormation lets us get wrong.
      return;
  }
}

function checkStructure(
  walk: Walk,
  value: Record<string, Json>,
  name: string,
  shape: ApiShape,
  path: string,
  overrides: Record<string, ApiTarget>,
): void {
  const members = Object.entries(shape.members ?? {});
  for (const [property, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${property}` : property;
    const target = overrides[property] ?? walk.api.renames?.[`${name}.${property}`] ?? property;
    if (typeof target !== 'string') {
      const resolved = resolveTarget(walk.model, target);
      checkValue(walk, item, resolved.name, resolved.shape, itemPath);
      continue;
    }
    const wanted = target.toLowerCase();
    const member = members.find(
      ([memberName, ref]) =>
        memberName.toLowerCase() === wanted || ref.locationName?.toLowerCase() === wanted,
    );
    if (!member) {
      walk.report.unmatched.push(`${walk.where.resourceType} ${itemPath}`);
      continue;
    }
    const memberShapeName = member[1].shape;
    checkValue(walk, item, memberShapeName, shapeOf(walk.model, memberShapeName), itemPath);
  }
}

function requestShape(model: ServiceModel, api: ResourceApi): { name: string; shape: ApiShape } {
  if ('operation' in api.request) {
    const operation = model.operations[api.request.operation];
    const input = operation?.input?.shape;
    if (!input)
      throw new Error(`${model.service} has no operation ${api.request.operation} with an input`);
    return { name: input, shape: shapeOf(model, input) };
  }
  return resolveTarget(model, api.request);
}

/** Whether a table entry says the type has no model to check against. */
function isUnchecked(entry: ResourceApiEntry): entry is { unchecked: string } {
  return 'unchecked' in entry;
}

/**
 * Validates every resource of the given templates (name -> template JSON). A resource type the
 * table does not know is itself a violation: the table must grow with the templates.
 */
export function validateTemplates(
  templates: Record<string, unknown>,
  models: BotocoreModels,
  table: Record<string, ResourceApiEntry> = RESOURCE_APIS,
): ApiModelReport {
  const report: ApiModelReport = { violations: [], unmatched: [], checkedTypes: new Set() };
  for (const [template, json] of Object.entries(templates)) {
    const resources =
      (json as { Resources?: Record<string, CloudFormationResource> }).Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      const where = { template, logicalId, resourceType: resource.Type };
      if (
        resource.Type.startsWith('Custom::') ||
        resource.Type === 'AWS::CloudFormation::CustomResource'
      )
        continue;
      const entry = table[resource.Type];
      if (!entry) {
        report.violations.push({
          ...where,
          path: '',
          value: resource.Type,
          constraint: 'resource type missing from tests/infra/aws-api-models/resource-apis.ts',
        });
        continue;
      }
      if (isUnchecked(entry)) continue;
      const model = models.service(entry.service);
      const request = requestShape(model, entry);
      const walk: Walk = { model, api: entry, report, where };
      checkStructure(
        walk,
        resource.Properties ?? {},
        request.name,
        request.shape,
        '',
        entry.properties ?? {},
      );
      report.checkedTypes.add(resource.Type);
    }
  }
  return report;
}

/** One line per violation, so a failing test lists every one of them in full. */
export function formatViolations(violations: ApiModelViolation[]): string[] {
  return violations.map(
    (v) =>
      `${v.template}/${v.logicalId} (${v.resourceType}) ${v.path || '(resource)'} = ${JSON.stringify(v.value)}: ${v.constraint}`,
  );
}
