/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource's SCIM document, in order. Accepts
 * the forms Microsoft Entra ID sends ("Known issues and resolutions with SCIM 2.0 protocol
 * compliance of the Microsoft Entra user provisioning service", learn.microsoft.com/entra/
 * identity/app-provisioning/application-provisioning-config-problem-scim-compatibility):
 * capitalised `op`s, `add`/`replace` without a path whose value maps attribute paths
 * (`"name.givenName"`) to values, `emails[type eq "work"].value` for an address not yet there,
 * and `remove` of a multi-valued attribute with the values to take out in `value`.
 */
import type { ScimPatchOperation } from '../../contract/scim-bodies.ts';
import { parsePatchPath, type PatchPath, type ResourceSchema } from './patch-path.ts';
import { badRequest } from './scim-error.ts';

/** A resource as a JSON object (its attributes; never `id` or `meta`). */
export type ScimDocument = Record<string, unknown>;
type Entry = Record<string, unknown>;

const isObject = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The document after `operations`; the input is left as it was. */
export function applyPatch(
  document: ScimDocument,
  operations: readonly ScimPatchOperation[],
  schema: ResourceSchema,
): ScimDocument {
  const result = structuredClone(document);
  for (const operation of operations) applyOperation(result, operation, schema);
  return result;
}

function applyOperation(
  document: ScimDocument,
  { op, path, value }: ScimPatchOperation,
  schema: ResourceSchema,
): void {
  if (path !== undefined) {
    const target = parsePatchPath(path, schema);
    if (op === 'remove') remove(document, target, value);
    else set(document, target, op, value, schema);
    return;
  }
  // RFC 7644 §3.5.2.2: a remove without a path has no target.
  if (op === 'remove') throw badRequest('noTarget', 'A remove operation needs a path');
  if (!isObject(value))
    throw badRequest('invalidValue', 'Without a path, the value must be an object of attributes');
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    set(document, parsePatchPath(key, schema), op, item, schema);
  }
}

/** The object the attribute lives in: the document, or its extension's object. */
function containerOf(document: ScimDocument, target: PatchPath): Entry {
  if (!target.extension) return document;
  const existing = document[target.extension];
  if (isObject(existing)) return existing;
  const created: Entry = {};
  document[target.extension] = created;
  return created;
}

function set(
  document: ScimDocument,
  target: PatchPath,
  op: 'add' | 'replace',
  value: unknown,
  schema: ResourceSchema,
): void {
  if (value === undefined || value === null)
    throw badRequest('invalidValue', `An ${op} operation needs a value`);
  if (!target.attribute) {
    // The whole extension: its attributes, one by one.
    if (!isObject(value)) throw badRequest('invalidValue', 'An extension takes an object');
    for (const [key, item] of Object.entries(value))
      set(document, parsePatchPath(`${target.extension}:${key}`, schema), op, item, schema);
    return;
  }
  const container = containerOf(document, target);
  const name = target.attribute;
  if (target.kind === 'simple') {
    container[name] = value;
  } else if (target.kind === 'complex') {
    const current = isObject(container[name]) ? container[name] : {};
    if (target.subAttribute) container[name] = { ...current, [target.subAttribute]: value };
    // RFC 7644 §3.5.2.1 and §3.5.2.3: sub-attributes not given are left as they are.
    else container[name] = isObject(value) ? { ...current, ...value } : value;
  } else {
    setMultiValued(container, target, op, value);
  }
}

function setMultiValued(
  container: Entry,
  target: PatchPath,
  op: 'add' | 'replace',
  value: unknown,
): void {
  const name = target.attribute!;
  const list = entriesOf(container[name]);
  const { filter, subAttribute } = target;
  if (filter) {
    const matches = list.filter((entry) => matchesFilter(entry, filter));
    if (matches.length === 0) {
      // Entra adds `emails[type eq "work"].value` with either op when the user has none yet.
      const created: Entry = { [filter.attribute]: filter.value };
      if (subAttribute) created[subAttribute] = value;
      else if (isObject(value)) Object.assign(created, value);
      else throw badRequest('invalidValue', `${name}[...] takes an object`);
      list.push(created);
    }
    for (const entry of matches) {
      if (subAttribute) entry[subAttribute] = value;
      else if (isObject(value)) Object.assign(entry, value);
      else throw badRequest('invalidValue', `${name}[...] takes an object`);
    }
    container[name] = list;
    return;
  }
  if (subAttribute)
    throw badRequest(
      'invalidPath',
      `Name one value of ${name} with a filter to change ${subAttribute}`,
    );
  const values = (Array.isArray(value) ? value : [value]).map((entry) => {
    if (!isObject(entry)) throw badRequest('invalidValue', `Values of ${name} are objects`);
    return { ...entry };
  });
  if (op === 'replace') {
    container[name] = values;
    return;
  }
  const known = new Set(list.map((entry) => valueKey(entry)));
  for (const entry of values) if (!known.has(valueKey(entry))) list.push(entry);
  container[name] = list;
}

function remove(document: ScimDocument, target: PatchPath, value: unknown): void {
  if (!target.attribute) {
    delete document[target.extension!];
    return;
  }
  const container = containerOf(document, target);
  const name = target.attribute;
  if (target.kind === 'simple') {
    delete container[name];
  } else if (target.kind === 'complex') {
    const current = container[name];
    if (target.subAttribute && isObject(current)) delete current[target.subAttribute];
    else delete container[name];
  } else if (target.filter) {
    const filter = target.filter;
    const list = entriesOf(container[name]);
    container[name] = target.subAttribute
      ? list.map((entry) => {
          if (matchesFilter(entry, filter)) delete entry[target.subAttribute!];
          return entry;
        })
      : list.filter((entry) => !matchesFilter(entry, filter));
  } else if (value !== undefined && value !== null) {
    // Entra's form without the flag: `"path": "members", "value": [{ "value": "<id>" }]`.
    const removed = new Set(
      (Array.isArray(value) ? value : [value]).map((entry) => {
        if (!isObject(entry)) throw badRequest('invalidValue', `Values of ${name} are objects`);
        return valueKey(entry);
      }),
    );
    container[name] = entriesOf(container[name]).filter((entry) => !removed.has(valueKey(entry)));
  } else {
    delete container[name];
  }
}

const entriesOf = (value: unknown): Entry[] =>
  Array.isArray(value) ? value.filter(isObject).map((entry) => ({ ...entry })) : [];

/** String comparison of a filter, case-insensitive (the sub-attributes filtered on are caseExact false). */
const matchesFilter = (entry: Entry, filter: NonNullable<PatchPath['filter']>) =>
  String(entry[filter.attribute] ?? '').toLowerCase() === filter.value.toLowerCase();

/** What identifies a value of a multi-valued attribute: its `value`. */
const valueKey = (entry: Entry) => String(entry['value'] ?? '').toLowerCase();
