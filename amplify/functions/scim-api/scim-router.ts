/**
 * The SCIM service: checks the bearer secret, dispatches `/scim/v2/<resource>[/<id>]` to its
 * route, and answers every failure as a SCIM error (RFC 7644 §3.12). One log line per request
 * with the method, the resource type, the status and the scimType: never a body, a userName or
 * the Authorization header. Every change to Users or Groups also writes an audit record
 * (scim-audit.ts).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

import {
  DirectoryConflictError,
  DirectoryNotFoundError,
  UnknownMemberError,
} from '../shared/directory-errors.ts';
import { isAcceptedBearer } from './bearer-secret.ts';
import type { ScimApiDependencies } from './dependencies.ts';
import {
  RESOURCE_TYPE_NAMES,
  resourceType,
  schemaDefinitions,
  serviceProviderConfig,
} from './discovery.ts';
import * as groups from './groups.ts';
import { scimChangeEvent } from './scim-audit.ts';
import { notFound, ScimError } from './scim-error.ts';
import { headerOf, scimBaseUrl, scimPathOf } from './scim-request.ts';
import { listResponse, proxyResult, type ScimAnswer } from './scim-response.ts';
import type { ScimCall } from './users.ts';
import * as users from './users.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface CollectionRoutes {
  list: (call: ScimCall) => Promise<ScimAnswer>;
  create: (call: ScimCall) => Promise<ScimAnswer>;
  get: (call: ScimCall, id: string) => Promise<ScimAnswer>;
  replace: (call: ScimCall, id: string) => Promise<ScimAnswer>;
  patch: (call: ScimCall, id: string) => Promise<ScimAnswer>;
  remove: (call: ScimCall, id: string) => Promise<ScimAnswer>;
}

const COLLECTIONS: Record<'users' | 'groups', CollectionRoutes> = {
  users: {
    list: users.listUsers,
    create: users.createUser,
    get: users.getUser,
    replace: users.replaceUser,
    patch: users.patchUser,
    remove: users.deleteUser,
  },
  groups: {
    list: groups.listGroups,
    create: groups.createGroup,
    get: groups.getGroup,
    replace: groups.replaceGroup,
    patch: groups.patchGroup,
    remove: groups.deleteGroup,
  },
};

/** Answers one SCIM request. */
export async function handleScimRequest(
  event: APIGatewayProxyEvent,
  dependencies: ScimApiDependencies,
): Promise<APIGatewayProxyResult> {
  const requestId = event.requestContext?.requestId ?? '';
  const at = new Date();
  const started = Date.now();
  let resource = 'unknown';
  let admitted = false;
  let path: string[] | undefined;
  let answer: ScimAnswer;
  try {
    const hashes = await dependencies.tokens.hashes();
    if (hashes.length === 0)
      dependencies.logger.error('SCIM has no accepted secret: every call is refused');
    admitted = isAcceptedBearer(headerOf(event, 'authorization'), hashes);
    if (!admitted) throw new ScimError(401, 'A valid bearer secret is required');
    path = scimPathOf(event);
    resource = path[0]?.toLowerCase() ?? '';
    const call: ScimCall = { event, baseUrl: scimBaseUrl(event), dependencies };
    answer = await dispatch(call, event.httpMethod.toUpperCase() as Method, path);
  } catch (error) {
    answer = errorAnswer(error, dependencies, requestId);
  }
  const scimType =
    answer.status >= 400 ? (answer.body as { scimType?: string } | undefined)?.scimType : undefined;
  dependencies.logger.info('scim request', {
    method: event.httpMethod,
    resource,
    status: answer.status,
    ...(scimType ? { scimType } : {}),
    latencyMs: Date.now() - started,
    requestId,
  });
  await auditChange(event, { path, answer, admitted, at, started, requestId }, dependencies);
  return proxyResult(answer, requestId);
}

async function dispatch(
  call: ScimCall,
  method: Method,
  path: readonly string[],
): Promise<ScimAnswer> {
  const [resource = '', id, ...rest] = path;
  if (rest.length > 0) throw notFound('Resource');
  const name = resource.toLowerCase();
  if (name === 'users' || name === 'groups') {
    const routes = COLLECTIONS[name];
    if (id === undefined) {
      if (method === 'GET') return routes.list(call);
      if (method === 'POST') return routes.create(call);
    } else {
      if (method === 'GET') return routes.get(call, id);
      if (method === 'PUT') return routes.replace(call, id);
      if (method === 'PATCH') return routes.patch(call, id);
      if (method === 'DELETE') return routes.remove(call, id);
    }
    throw methodNotAllowed();
  }
  if (method !== 'GET') throw methodNotAllowed();
  if (name === 'serviceproviderconfig' && id === undefined)
    return { status: 200, body: serviceProviderConfig(call.baseUrl) };
  if (name === 'resourcetypes') {
    if (id === undefined) {
      const types = RESOURCE_TYPE_NAMES.map((type) => resourceType(type, call.baseUrl));
      return listResponse(types, types.length, 1);
    }
    const type = resourceType(id, call.baseUrl);
    if (!type) throw notFound('ResourceType');
    return { status: 200, body: type };
  }
  if (name === 'schemas') {
    const schemas = schemaDefinitions(call.baseUrl);
    if (id === undefined) return listResponse(schemas, schemas.length, 1);
    const schema = schemas.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
    if (!schema) throw notFound('Schema');
    return { status: 200, body: schema };
  }
  // Bulk and /Me are not offered (ServiceProviderConfig says so).
  throw notFound('Resource');
}

/** Writes the request's `scim-change` record when it was a change (the trail never throws). */
async function auditChange(
  event: APIGatewayProxyEvent,
  seen: {
    path: string[] | undefined;
    answer: ScimAnswer;
    admitted: boolean;
    at: Date;
    started: number;
    requestId: string;
  },
  { audit }: ScimApiDependencies,
): Promise<void> {
  if (!audit) return;
  // An unadmitted caller's path is still named (decoded when it can be) for its record.
  let path = seen.path;
  if (!path && !seen.admitted)
    try {
      path = scimPathOf(event);
    } catch {
      path = undefined;
    }
  const change = scimChangeEvent({
    method: event.httpMethod,
    path,
    answer: seen.answer,
    admitted: seen.admitted,
    at: seen.at,
    latencyMs: Date.now() - seen.started,
    requestId: seen.requestId,
  });
  if (change) await audit.record(change);
}

const methodNotAllowed = () => new ScimError(405, 'This method is not supported here');

/** Every failure as a SCIM error; anything unexpected is a logged 500 (error name only). */
function errorAnswer(
  error: unknown,
  dependencies: ScimApiDependencies,
  requestId: string,
): ScimAnswer {
  const scimError =
    error instanceof ScimError
      ? error
      : error instanceof DirectoryConflictError
        ? new ScimError(409, error.message, 'uniqueness')
        : error instanceof DirectoryNotFoundError
          ? notFound(error.kind)
          : error instanceof UnknownMemberError
            ? new ScimError(400, error.message, 'invalidValue')
            : undefined;
  if (scimError)
    return {
      status: scimError.status,
      body: scimError.body(),
      headers: scimError.status === 401 ? { 'www-authenticate': 'Bearer' } : undefined,
    };
  dependencies.logger.error('scim request failed', {
    errorName: error instanceof Error ? error.name : typeof error,
    requestId,
  });
  const failure = new ScimError(500, 'The request could not be completed');
  return { status: 500, body: failure.body() };
}
