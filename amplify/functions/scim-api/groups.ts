/** `/Groups` (RFC 7644 §3.3–3.6): groups and their memberships. */
import { SCIM_MAX_RESULTS } from '../../contract/scim.ts';
import { scimGroupSchema, scimPatchSchema } from '../../contract/scim-bodies.ts';
import type { DirectoryGroup } from '../shared/directory-records.ts';
import { groupAttributesFrom, planGroupPatch, renderGroup } from './group-resource.ts';
import { parseEqFilter } from './list-filter.ts';
import { notFound } from './scim-error.ts';
import { excludes, pagingOf, readScimBody } from './scim-request.ts';
import { listResponse, type ScimAnswer } from './scim-response.ts';
import type { ScimCall } from './users.ts';

const PATCH_STRUCTURE = ['schemas', 'Operations'];
const location = (baseUrl: string, kind: 'Groups' | 'Users', id: string) =>
  `${baseUrl}/${kind}/${encodeURIComponent(id)}`;

/** The group as SCIM returns it, with its members unless the query excludes them. */
async function rendered(call: ScimCall, group: DirectoryGroup): Promise<Record<string, unknown>> {
  const memberIds = excludes(call.event, 'members')
    ? undefined
    : await call.dependencies.directory.memberIdsOf(group.id);
  return renderGroup(group, location(call.baseUrl, 'Groups', group.id), memberIds, (id) =>
    location(call.baseUrl, 'Users', id),
  );
}

/** `GET /Groups[?filter=...&excludedAttributes=members&startIndex=&count=]`. */
export async function listGroups(call: ScimCall): Promise<ScimAnswer> {
  const { directory } = call.dependencies;
  const { startIndex, count } = pagingOf(call.event);
  const filter = call.event.queryStringParameters?.['filter'];
  let matches: readonly DirectoryGroup[];
  let total: number;
  if (filter === undefined || filter.trim() === '') {
    const page = await directory.listGroups(startIndex, count);
    matches = page.items;
    total = page.totalResults;
  } else {
    const { attribute, value } = parseEqFilter(filter, [
      'displayName',
      'externalId',
      'id',
    ] as const);
    const found =
      attribute === 'displayName'
        ? await directory.findGroupsByDisplayName(value)
        : [
            attribute === 'externalId'
              ? await directory.findGroupByExternalId(value)
              : await directory.getGroup(value),
          ].filter((group) => group !== undefined);
    total = found.length;
    matches = found.slice(startIndex - 1, startIndex - 1 + Math.min(count, SCIM_MAX_RESULTS));
  }
  const resources = await Promise.all(matches.map((group) => rendered(call, group)));
  return listResponse(resources, total, startIndex);
}

/** `POST /Groups`: 201; members must be provisioned users (400 `invalidValue` otherwise). */
export async function createGroup(call: ScimCall): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimGroupSchema, config.maxBodyBytes);
  const memberIds = (body.members ?? []).map((member) => member.value);
  const group = await directory.createGroup(groupAttributesFrom(body), memberIds);
  return {
    status: 201,
    body: renderGroup(group, location(call.baseUrl, 'Groups', group.id), memberIds, (id) =>
      location(call.baseUrl, 'Users', id),
    ),
    headers: { location: location(call.baseUrl, 'Groups', group.id) },
  };
}

export async function getGroup(call: ScimCall, id: string): Promise<ScimAnswer> {
  const group = await call.dependencies.directory.getGroup(id);
  if (!group) throw notFound('Group');
  return { status: 200, body: await rendered(call, group) };
}

/** `PUT /Groups/{id}`: attributes, and the members when the body lists them. */
export async function replaceGroup(call: ScimCall, id: string): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimGroupSchema, config.maxBodyBytes);
  await directory.requireUsers((body.members ?? []).map((member) => member.value));
  const group = await directory.replaceGroup(id, groupAttributesFrom(body));
  if (body.members)
    await directory.replaceMembers(
      id,
      body.members.map((member) => member.value),
    );
  return { status: 200, body: await rendered(call, group) };
}

/**
 * `PATCH /Groups/{id}`: attribute changes first, then member changes in order; 204 as Entra
 * expects for groups (a group's members may be thousands: they are not echoed).
 */
export async function patchGroup(call: ScimCall, id: string): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimPatchSchema, config.maxBodyBytes, PATCH_STRUCTURE);
  const group = await directory.getGroup(id);
  if (!group) throw notFound('Group');
  const plan = planGroupPatch(group, body.Operations);
  // Every member named must exist before anything is written: the PATCH applies whole or not at all.
  await directory.requireUsers(
    plan.memberChanges.flatMap((change) =>
      change.action === 'add' || change.action === 'replace' ? change.userIds : [],
    ),
  );
  if (
    plan.attributes.displayName !== group.displayName ||
    plan.attributes.externalId !== group.externalId
  )
    await directory.replaceGroup(id, plan.attributes);
  for (const change of plan.memberChanges) {
    if (change.action === 'add') await directory.addMembers(id, change.userIds);
    else if (change.action === 'remove') await directory.removeMembers(id, change.userIds);
    else if (change.action === 'replace') await directory.replaceMembers(id, change.userIds);
    else await directory.replaceMembers(id, []);
  }
  if (plan.memberChanges.length > 0) await directory.touchGroup(id);
  return { status: 204 };
}

/** `DELETE /Groups/{id}`: the group and every membership; 204. */
export async function deleteGroup(call: ScimCall, id: string): Promise<ScimAnswer> {
  if (!(await call.dependencies.directory.deleteGroup(id))) throw notFound('Group');
  return { status: 204 };
}
