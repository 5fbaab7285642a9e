/** Groups between their SCIM form (RFC 7643 §4.2) and the directory's. */
import * as z from 'zod/mini';

import { SCIM_SCHEMA } from '../../contract/scim.ts';
import {
  scimGroupSchema,
  scimMemberSchema,
  type ScimPatchOperation,
} from '../../contract/scim-bodies.ts';
import type { DirectoryGroup, DirectoryGroupAttributes } from '../shared/directory-records.ts';
import { compact } from './compact.ts';
import { applyPatch } from './patch-document.ts';
import { parsePatchPath, type ResourceSchema } from './patch-path.ts';
import { badRequest } from './scim-error.ts';
import { firstIssue } from './validation.ts';

/** The group attributes this provider keeps: what PATCH may name. */
export const GROUP_SCHEMA: ResourceSchema = {
  core: {
    simple: ['displayName', 'externalId'],
    complex: {},
    multi: { members: ['value', 'display', '$ref', 'type'] },
    readOnly: ['id', 'meta'],
  },
  extensions: {},
};

/** One change of a group's members, applied in the order the operations came. */
export type MemberChange =
  | { readonly action: 'add' | 'remove' | 'replace'; readonly userIds: readonly string[] }
  | { readonly action: 'removeAll' };

/** What a group PATCH does: its new attributes, and its member changes in order. */
export interface GroupPatchPlan {
  readonly attributes: DirectoryGroupAttributes;
  readonly memberChanges: readonly MemberChange[];
}

/**
 * Splits a group PATCH into attribute changes (applied to the group's document) and member
 * changes (applied as membership items, so a group's members are never all loaded). Entra
 * adds members with `"path": "members", "value": [{ "value": "<id>" }]` and removes them either
 * with that form or with `"path": "members[value eq \"<id>\"]"` (the `aadOptscim062020` flag):
 * "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user
 * provisioning service", learn.microsoft.com/entra/identity/app-provisioning/
 * application-provisioning-config-problem-scim-compatibility.
 */
export function planGroupPatch(
  group: DirectoryGroupAttributes,
  operations: readonly ScimPatchOperation[],
): GroupPatchPlan {
  const memberChanges: MemberChange[] = [];
  const attributeOperations: ScimPatchOperation[] = [];
  for (const operation of operations) {
    if (operation.path === undefined) {
      const value = operation.value;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const { members, others } = splitMembers(value as Record<string, unknown>);
        if (members !== undefined) memberChanges.push(memberChange(operation.op, members));
        if (Object.keys(others).length > 0)
          attributeOperations.push({ ...operation, value: others });
        continue;
      }
      attributeOperations.push(operation);
      continue;
    }
    const target = parsePatchPath(operation.path, GROUP_SCHEMA);
    if (target.attribute !== 'members') {
      attributeOperations.push(operation);
      continue;
    }
    if (target.subAttribute) throw badRequest('invalidPath', 'Members are changed whole, by value');
    if (target.filter) {
      if (operation.op !== 'remove' || target.filter.attribute !== 'value')
        throw badRequest(
          'invalidPath',
          'A members filter is only supported as remove members[value eq "<id>"]',
        );
      memberChanges.push({ action: 'remove', userIds: [target.filter.value] });
      continue;
    }
    if (operation.op === 'remove' && (operation.value === undefined || operation.value === null))
      memberChanges.push({ action: 'removeAll' });
    else memberChanges.push(memberChange(operation.op, operation.value));
  }
  const document = applyPatch(documentOf(group), attributeOperations, GROUP_SCHEMA);
  return { attributes: groupAttributesFrom(document), memberChanges };
}

function splitMembers(value: Record<string, unknown>) {
  let members: unknown;
  const others: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'members') members = item;
    else others[key] = item;
  }
  return { members, others };
}

const memberList = z.array(scimMemberSchema);

function memberChange(op: ScimPatchOperation['op'], value: unknown): MemberChange {
  const parsed = memberList.safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) throw badRequest('invalidValue', `members: ${firstIssue(parsed.error)}`);
  return { action: op, userIds: parsed.data.map((member) => member.value) };
}

const documentOf = (group: DirectoryGroupAttributes) =>
  compact({ displayName: group.displayName, externalId: group.externalId });

/** A group's attributes from a SCIM document or body; 400 `invalidValue` when invalid. */
export function groupAttributesFrom(document: unknown): DirectoryGroupAttributes {
  const parsed = scimGroupSchema.safeParse(document);
  if (!parsed.success) throw badRequest('invalidValue', firstIssue(parsed.error));
  return compact({ displayName: parsed.data.displayName, externalId: parsed.data.externalId });
}

/** The group as SCIM returns it; `memberIds` undefined leaves members out (excludedAttributes). */
export function renderGroup(
  group: DirectoryGroup,
  location: string,
  memberIds: readonly string[] | undefined,
  userLocation: (id: string) => string,
): Record<string, unknown> {
  return compact({
    schemas: [SCIM_SCHEMA.group],
    id: group.id,
    externalId: group.externalId,
    displayName: group.displayName,
    members: memberIds?.map((id) => ({ value: id, $ref: userLocation(id), type: 'User' })),
    meta: {
      resourceType: 'Group',
      created: group.created,
      lastModified: group.lastModified,
      location,
    },
  });
}
