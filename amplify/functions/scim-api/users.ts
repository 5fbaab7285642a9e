/** `/Users` (RFC 7644 §3.3–3.6): create, read, filter, replace, patch and delete users. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { scimPatchSchema, scimUserSchema } from '../../contract/scim-bodies.ts';
import type { DirectoryUser } from '../shared/directory-records.ts';
import type { ScimApiDependencies } from './dependencies.ts';
import { parseEqFilter } from './list-filter.ts';
import { applyPatch } from './patch-document.ts';
import { badRequest, notFound } from './scim-error.ts';
import { pagingOf, readScimBody } from './scim-request.ts';
import { listResponse, type ScimAnswer } from './scim-response.ts';
import {
  attributesOf,
  renderUser,
  USER_SCHEMA,
  userAttributesFrom,
  userDocument,
} from './user-resource.ts';
import { firstIssue } from './validation.ts';

/** The parts of a request the user routes read. */
export interface ScimCall {
  readonly event: APIGatewayProxyEvent;
  readonly baseUrl: string;
  readonly dependencies: ScimApiDependencies;
}

const PATCH_STRUCTURE = ['schemas', 'Operations'];
const location = (baseUrl: string, id: string) => `${baseUrl}/Users/${encodeURIComponent(id)}`;
const rendered = (call: ScimCall, user: DirectoryUser) =>
  renderUser(user, location(call.baseUrl, user.id));

/** `GET /Users[?filter=...&startIndex=&count=]`. */
export async function listUsers(call: ScimCall): Promise<ScimAnswer> {
  const { directory } = call.dependencies;
  const { startIndex, count } = pagingOf(call.event);
  const filter = call.event.queryStringParameters?.['filter'];
  if (filter === undefined || filter.trim() === '') {
    const page = await directory.listUsers(startIndex, count);
    return listResponse(
      page.items.map((user) => rendered(call, user)),
      page.totalResults,
      startIndex,
    );
  }
  const { attribute, value } = parseEqFilter(filter, ['userName', 'externalId', 'id'] as const);
  const found =
    attribute === 'userName'
      ? await directory.findUserByUserName(value)
      : attribute === 'externalId'
        ? await directory.findUserByExternalId(value)
        : await directory.getUser(value);
  const matches = found ? [found] : [];
  return listResponse(
    matches.slice(startIndex - 1, startIndex - 1 + count).map((user) => rendered(call, user)),
    matches.length,
    startIndex,
  );
}

/** `POST /Users`: 201 with the user and its Location; 409 `uniqueness` for a taken userName. */
export async function createUser(call: ScimCall): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimUserSchema, config.maxBodyBytes);
  const user = await directory.createUser(userAttributesFrom(body));
  return {
    status: 201,
    body: rendered(call, user),
    headers: { location: location(call.baseUrl, user.id) },
  };
}

export async function getUser(call: ScimCall, id: string): Promise<ScimAnswer> {
  const user = await call.dependencies.directory.getUser(id);
  if (!user) throw notFound('User');
  return { status: 200, body: rendered(call, user) };
}

/**
 * Revokes the sessions of a user SCIM leaves inactive or deletes. Every such request signs out
 * again (Entra re-sends a deactivation; the call is idempotent), and a failure answers 500, so
 * Entra retries it; the directory change itself is already stored.
 */
async function endSessions(call: ScimCall, user: DirectoryUser): Promise<void> {
  const { sessions, logger } = call.dependencies;
  if (!sessions) return;
  try {
    await sessions.signOut(user.userName);
  } catch (error) {
    // The error's name only: no user name or token in the log.
    logger.error('Sign-out of a deprovisioned user failed', {
      reason: 'SIGN_OUT_FAILED',
      errorName: (error as Error).name,
    });
    throw error;
  }
}

/** `PUT /Users/{id}`: replaces every attribute this provider keeps. */
export async function replaceUser(call: ScimCall, id: string): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimUserSchema, config.maxBodyBytes);
  const user = await directory.replaceUser(id, userAttributesFrom(body));
  if (!user.active) await endSessions(call, user);
  return { status: 200, body: rendered(call, user) };
}

/**
 * `PATCH /Users/{id}`: the operations applied in order to the user's document, which must still
 * be a valid user afterwards (400 `invalidValue` otherwise, e.g. userName removed).
 */
export async function patchUser(call: ScimCall, id: string): Promise<ScimAnswer> {
  const { config, directory } = call.dependencies;
  const body = readScimBody(call.event, scimPatchSchema, config.maxBodyBytes, PATCH_STRUCTURE);
  const user = await directory.getUser(id);
  if (!user) throw notFound('User');
  const patched = applyPatch(userDocument(attributesOf(user)), body.Operations, USER_SCHEMA);
  const parsed = scimUserSchema.safeParse(patched);
  if (!parsed.success) throw badRequest('invalidValue', firstIssue(parsed.error));
  const updated = await directory.replaceUser(id, userAttributesFrom(parsed.data));
  if (!updated.active) await endSessions(call, updated);
  return { status: 200, body: rendered(call, updated) };
}

/** `DELETE /Users/{id}`: the user, its claims and its memberships; 204. */
export async function deleteUser(call: ScimCall, id: string): Promise<ScimAnswer> {
  const { directory } = call.dependencies;
  const user = await directory.getUser(id);
  if (!user || !(await directory.deleteUser(id))) throw notFound('User');
  await endSessions(call, user);
  return { status: 204, removedUserName: user.userName };
}
