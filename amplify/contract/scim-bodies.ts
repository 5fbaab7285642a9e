/**
 * SCIM request bodies as Microsoft Entra ID's provisioning service sends them (zod/mini: the
 * SCIM function bundles these). Unknown attributes (`roles`, `meta`, custom extensions) are
 * accepted and ignored, as RFC 7644 §3.3 lets a provider ignore attributes it does not keep.
 */
import './zod-messages.ts';

import * as z from 'zod/mini';

import { SCIM_MAX_MEMBERS_PER_OPERATION, SCIM_MAX_PATCH_OPERATIONS, SCIM_SCHEMA } from './scim.ts';

/** Longest string attribute kept (userName, displayName, e-mail, department...). */
export const SCIM_MAX_ATTRIBUTE_CHARS = 512;

const attribute = z.string().check(z.maxLength(SCIM_MAX_ATTRIBUTE_CHARS));
const requiredAttribute = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(SCIM_MAX_ATTRIBUTE_CHARS));

/**
 * A SCIM boolean. Entra sends `"True"`/`"False"` strings for `active` in PATCH unless the
 * `aadOptscim062020` flag is set ("Known issues and resolutions with SCIM 2.0 protocol
 * compliance of the Microsoft Entra user provisioning service", learn.microsoft.com/entra/
 * identity/app-provisioning/application-provisioning-config-problem-scim-compatibility).
 */
export const scimBoolean = z.union([
  z.boolean(),
  z.pipe(
    z.string().check(z.regex(/^(true|false)$/i, 'must be true or false')),
    z.transform((value) => value.toLowerCase() === 'true'),
  ),
]);

const email = z.looseObject({
  value: attribute,
  type: z.optional(attribute),
  primary: z.optional(scimBoolean),
});

const enterpriseExtension = z.looseObject({
  employeeNumber: z.optional(attribute),
  costCenter: z.optional(attribute),
  organization: z.optional(attribute),
  division: z.optional(attribute),
  department: z.optional(attribute),
  // Entra sends the manager as `{ value }`; the object id of the manager's SCIM user.
  manager: z.optional(z.union([attribute, z.looseObject({ value: z.optional(attribute) })])),
});

/** Body of `POST /Users` and `PUT /Users/{id}`. */
export const scimUserSchema = z.looseObject({
  schemas: z.optional(z.array(z.string())),
  userName: requiredAttribute,
  externalId: z.optional(attribute),
  active: z.optional(scimBoolean),
  displayName: z.optional(attribute),
  title: z.optional(attribute),
  name: z.optional(
    z.looseObject({
      formatted: z.optional(attribute),
      givenName: z.optional(attribute),
      familyName: z.optional(attribute),
    }),
  ),
  emails: z.optional(z.array(email).check(z.maxLength(20))),
  [SCIM_SCHEMA.enterpriseUser]: z.optional(enterpriseExtension),
});
export type ScimUserBody = z.output<typeof scimUserSchema>;

/** A member reference: the SCIM id of a user (`$ref`, `display` and `type` are ignored). */
export const scimMemberSchema = z.looseObject({ value: requiredAttribute });

/** Body of `POST /Groups` and `PUT /Groups/{id}`. */
export const scimGroupSchema = z.looseObject({
  schemas: z.optional(z.array(z.string())),
  displayName: requiredAttribute,
  externalId: z.optional(attribute),
  members: z.optional(z.array(scimMemberSchema).check(z.maxLength(SCIM_MAX_MEMBERS_PER_OPERATION))),
});
export type ScimGroupBody = z.output<typeof scimGroupSchema>;

/**
 * One PATCH operation. `op` is matched without regard to case: Entra sends `Add`, `Replace` and
 * `Remove` ("Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID",
 * learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups).
 */
export const scimPatchOperationSchema = z.looseObject({
  op: z.pipe(
    z.string().check(z.regex(/^(add|replace|remove)$/i, 'must be add, replace or remove')),
    z.transform((value) => value.toLowerCase() as 'add' | 'replace' | 'remove'),
  ),
  path: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1024))),
  value: z.optional(z.unknown()),
});
export type ScimPatchOperation = z.output<typeof scimPatchOperationSchema>;

/** Body of `PATCH /Users/{id}` and `PATCH /Groups/{id}` (RFC 7644 §3.5.2). */
export const scimPatchSchema = z.looseObject({
  schemas: z
    .array(z.string())
    .check(
      z.refine(
        (schemas) => schemas.includes(SCIM_SCHEMA.patchOp),
        `must include ${SCIM_SCHEMA.patchOp}`,
      ),
    ),
  Operations: z
    .array(scimPatchOperationSchema)
    .check(z.minLength(1), z.maxLength(SCIM_MAX_PATCH_OPERATIONS)),
});
export type ScimPatchBody = z.output<typeof scimPatchSchema>;
