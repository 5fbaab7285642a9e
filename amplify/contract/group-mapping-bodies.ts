/**
 * The body of `PUT /admin/group-mapping`, validated by the usage API (zod/mini: it bundles
 * this). Every problem is reported with the field it is in, so the app can show each one beside
 * its input.
 */
// The schemas' messages come with them, whoever imports them.
import './zod-messages.ts';

import * as z from 'zod/mini';

import {
  MAPPING_SOURCES,
  mappingEntryKey,
  type MappingSource,
  MAX_APP_ROLE_CHARS,
  MAX_CLAIM_CHARS,
  MAX_DISPLAY_NAME_CHARS,
  MAX_MAPPING_ENTRIES,
} from './group-mapping.ts';
import { GROUPS } from './groups.ts';

/** An Entra object id: a GUID. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * An app-role value: no white space (Entra refuses it), and none of `,` `[` `]` `"`, which the
 * trigger reads as separators of the multi-valued SAML attribute (a value with one never matches).
 */
const APP_ROLE = /^[^\s,[\]"]+$/;
/** A display name: any text without control characters. */
// eslint-disable-next-line no-control-regex -- the control characters are what it refuses
const DISPLAY_NAME = /^[^\u0000-\u001f\u007f]+$/;
/** A claim value: letters, digits, space and `. _ - & /`, starting with a letter or digit. */
const CLAIM_VALUE = /^[\p{L}\p{N}][\p{L}\p{N} ._&/-]*$/u;

const claimValue = z.optional(
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty (leave it out instead)'),
      z.maxLength(MAX_CLAIM_CHARS, `must be at most ${MAX_CLAIM_CHARS} characters`),
      z.regex(CLAIM_VALUE, 'may hold letters, digits, spaces and . _ - & / only'),
    ),
);

/** What `value` must be for each source, and the message when it is not. */
const VALUE_RULES: Record<
  MappingSource,
  { readonly test: RegExp; readonly max: number; readonly message: string }
> = {
  appRole: {
    test: APP_ROLE,
    max: MAX_APP_ROLE_CHARS,
    message: 'an app-role value has no spaces, commas, brackets or quotes',
  },
  groupObjectId: {
    test: OBJECT_ID,
    max: 36,
    message: 'a group object id is a GUID, e.g. 5f0c6f3e-1111-4a4a-9b9b-000000000001',
  },
  groupDisplayName: {
    test: DISPLAY_NAME,
    max: MAX_DISPLAY_NAME_CHARS,
    message: 'a display name has no control characters',
  },
};

/** One entry of the table; `value` is checked against its source's rule. */
export const groupMappingEntrySchema = z
  .strictObject({
    source: z.enum(MAPPING_SOURCES, `must be one of ${MAPPING_SOURCES.join(', ')}`),
    value: z.string().check(z.trim(), z.minLength(1, 'must not be empty')),
    group: z.enum(GROUPS, `must be one of the app's groups: ${GROUPS.join(', ')}`),
    department: claimValue,
    costCentre: claimValue,
  })
  .check(
    z.superRefine((entry, context) => {
      const rule = VALUE_RULES[entry.source];
      if (entry.value.length > rule.max)
        context.addIssue({
          code: 'custom',
          message: `must be at most ${rule.max} characters`,
          path: ['value'],
          input: entry.value,
        });
      else if (!rule.test.test(entry.value))
        context.addIssue({
          code: 'custom',
          message: rule.message,
          path: ['value'],
          input: entry.value,
        });
    }),
  );

/** Body of `PUT /admin/group-mapping`. */
export const replaceGroupMappingSchema = z.strictObject({
  version: z.int().check(z.gte(0, 'must be 0 or more')),
  entries: z.array(groupMappingEntrySchema).check(
    z.maxLength(MAX_MAPPING_ENTRIES, `the table holds at most ${MAX_MAPPING_ENTRIES} entries`),
    z.superRefine((entries, context) => {
      const seen = new Map<string, number>();
      entries.forEach((entry, index) => {
        const key = mappingEntryKey(entry);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else
          context.addIssue({
            code: 'custom',
            message: `repeats entry ${first + 1} (the same ${entry.source})`,
            path: [index, 'value'],
            input: entry.value,
          });
      });
    }),
  ),
});

export type ReplaceGroupMappingInput = z.infer<typeof replaceGroupMappingSchema>;
