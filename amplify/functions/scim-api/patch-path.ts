/**
 * PATCH paths (RFC 7644 §3.5.2, `attrPath` and `valuePath` of the ABNF), as far as Entra
 * sends them: `attr`, `attr.sub`, `<schema urn>:attr[.sub]` and `attr[sub eq "value"][.sub]`.
 * Attribute names are case-insensitive (RFC 7643 §2.1) and come back canonical.
 */
import { badRequest } from './scim-error.ts';

/** Which attributes a resource has, by kind, with their canonical spelling. */
export interface AttributeSchema {
  readonly simple: readonly string[];
  /** Complex single-valued attributes and their sub-attributes. */
  readonly complex: Readonly<Record<string, readonly string[]>>;
  /** Multi-valued complex attributes and their sub-attributes. */
  readonly multi: Readonly<Record<string, readonly string[]>>;
  /** Attributes a client may never set (`id`, `meta`). */
  readonly readOnly: readonly string[];
}

/** A resource's core attributes and its extensions, keyed by schema URN. */
export interface ResourceSchema {
  readonly core: AttributeSchema;
  readonly extensions: Readonly<Record<string, AttributeSchema>>;
}

/** A parsed path. */
export interface PatchPath {
  /** The extension URN the attribute is in; undefined for the core schema. */
  readonly extension?: string;
  /** The attribute; undefined when the path names a whole extension. */
  readonly attribute?: string;
  readonly kind?: 'simple' | 'complex' | 'multi';
  /** `[sub eq "value"]` on a multi-valued attribute. */
  readonly filter?: { readonly attribute: string; readonly value: string };
  /** `.sub` after the attribute or its filter. */
  readonly subAttribute?: string;
}

const ATTRIBUTE_PATH =
  /^([A-Za-z][\w$-]*)(?:\[\s*([A-Za-z][\w$-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\])?(?:\.([A-Za-z][\w$-]*))?$/i;

const canonical = (names: readonly string[], name: string) =>
  names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());

/**
 * Parses `path` against the resource's schema.
 *
 * @throws ScimError 400 `invalidPath` for a path that names nothing the resource has, or uses
 * a filter other than `sub eq "value"`; `mutability` for a read-only attribute.
 */
export function parsePatchPath(path: string, schema: ResourceSchema): PatchPath {
  let extension: string | undefined;
  let rest = path;
  for (const urn of Object.keys(schema.extensions)) {
    if (path.toLowerCase() === urn.toLowerCase()) return { extension: urn };
    if (path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) {
      extension = urn;
      rest = path.slice(urn.length + 1);
    }
  }
  const attributes = extension ? schema.extensions[extension]! : schema.core;
  const match = ATTRIBUTE_PATH.exec(rest);
  if (!match) throw badRequest('invalidPath', 'The path is not one this service understands');
  const [, name, filterName, filterValue, subName] = match as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
    string | undefined,
  ];
  if (canonical(attributes.readOnly, name))
    throw badRequest('mutability', `The attribute ${name} is read-only`);
  const simple = canonical(attributes.simple, name);
  const complex = canonical(Object.keys(attributes.complex), name);
  const multi = canonical(Object.keys(attributes.multi), name);
  const attribute = simple ?? complex ?? multi;
  if (!attribute) throw badRequest('invalidPath', `No attribute ${name} on this resource`);
  const kind = simple ? 'simple' : complex ? 'complex' : 'multi';
  const subAttributes = complex
    ? attributes.complex[complex]!
    : multi
      ? attributes.multi[multi]!
      : [];
  const sub = (given: string) => {
    const found = canonical(subAttributes, given);
    if (!found) throw badRequest('invalidPath', `No sub-attribute ${given} of ${attribute}`);
    return found;
  };
  if (filterName !== undefined && kind !== 'multi')
    throw badRequest('invalidPath', `${attribute} is not multi-valued: it takes no filter`);
  if (subName !== undefined && kind === 'simple')
    throw badRequest('invalidPath', `${attribute} has no sub-attributes`);
  return {
    extension,
    attribute,
    kind,
    filter:
      filterName !== undefined
        ? { attribute: sub(filterName), value: filterValue!.replace(/\\(.)/g, '$1') }
        : undefined,
    subAttribute: subName !== undefined ? sub(subName) : undefined,
  };
}
