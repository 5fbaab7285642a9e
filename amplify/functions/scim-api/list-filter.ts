/**
 * The filters this provider answers (RFC 7644 §3.4.2.2): one `eq` comparison with a string, on
 * the attributes Entra matches on. Users: `userName`, `externalId`, `id`. Groups:
 * `displayName`, `externalId`, `id`. Anything else (other operators, `and`/`or`, other
 * attributes) is a 400 `invalidFilter` that says what is supported.
 */
import { badRequest } from './scim-error.ts';

/** A parsed filter: the attribute (canonical) and the value compared with. */
export interface EqFilter<A extends string> {
  readonly attribute: A;
  readonly value: string;
}

const EQ = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/** Parses `filter` for a resource whose filterable attributes are `attributes`. */
export function parseEqFilter<A extends string>(
  filter: string,
  attributes: readonly A[],
): EqFilter<A> {
  const match = EQ.exec(filter);
  const supported = `Supported: ${attributes.map((name) => `${name} eq "<value>"`).join(', ')}`;
  if (!match) throw badRequest('invalidFilter', `This filter is not supported. ${supported}`);
  const attribute = attributes.find((name) => name.toLowerCase() === match[1]!.toLowerCase());
  if (!attribute) throw badRequest('invalidFilter', `No filter on ${match[1]}. ${supported}`);
  return { attribute, value: match[2]!.replace(/\\(.)/g, '$1') };
}
