/**
 * The audit of SCIM changes: one `scim-change` record per mutating request on Users or Groups
 * (POST, PUT, PATCH, DELETE), refused ones included. It names who (the provisioning client the
 * bearer secret admitted), the method and resource type, the resource's id and, for a user, its
 * userName; never any other attribute, the body or the bearer secret.
 */
import { outcomeOfStatus } from '../../audit/outcome.ts';
import type { AuditChange } from '../../audit/record.ts';
import type { AuditEvent } from '../../audit/trail.ts';
import type { ScimAnswer } from './scim-response.ts';

/** Who a SCIM change is recorded as: the one client the bearer secret admits (Entra ID). */
export const SCIM_ACTOR = 'scim-provisioning';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RESOURCE_TYPES: Record<string, 'User' | 'Group'> = { users: 'User', groups: 'Group' };

/** One SCIM request as the router saw it. */
export interface ScimRequestFacts {
  readonly method: string;
  /** The path below the base URL, decoded (`['Users', '<id>']`); undefined when unreadable. */
  readonly path: readonly string[] | undefined;
  readonly answer: ScimAnswer;
  /** Whether the bearer secret was accepted. */
  readonly admitted: boolean;
  readonly at: Date;
  readonly latencyMs: number;
  readonly requestId: string;
}

/** The audit event of a mutating request on Users or Groups; undefined for any other request. */
export function scimChangeEvent(facts: ScimRequestFacts): AuditEvent | undefined {
  const method = facts.method.toUpperCase();
  const [collection = '', pathId, ...rest] = facts.path ?? [];
  const type = RESOURCE_TYPES[collection.toLowerCase()];
  if (!MUTATING.has(method) || !type || rest.length > 0) return undefined;
  const body = (facts.answer.status < 400 ? facts.answer.body : undefined) as
    { id?: unknown; userName?: unknown } | undefined;
  const id = pathId ?? (typeof body?.id === 'string' ? body.id : undefined);
  const userName =
    type === 'User'
      ? (facts.answer.removedUserName ??
        (typeof body?.userName === 'string' ? body.userName : undefined))
      : undefined;
  const change: AuditChange | undefined =
    id === undefined
      ? undefined
      : {
          item: `${type} ${id}`,
          // A removed user's name is what it was; any other's what it is now.
          ...(userName === undefined
            ? {}
            : method === 'DELETE'
              ? { before: userName }
              : { after: userName }),
        };
  const errorType = (facts.answer.body as { scimType?: unknown } | undefined)?.scimType;
  return {
    kind: 'scim-change',
    at: facts.at,
    requestId: facts.requestId,
    // Unadmitted callers are nobody: the record keeps that someone tried.
    sub: facts.admitted ? SCIM_ACTOR : '',
    username: facts.admitted ? SCIM_ACTOR : '',
    groups: [],
    action: `${method} /${type}s${pathId === undefined ? '' : '/{id}'}`,
    outcome: outcomeOfStatus(facts.answer.status),
    status: facts.answer.status,
    ...(facts.answer.status >= 400 && typeof errorType === 'string'
      ? { errorCode: errorType }
      : {}),
    ...(change ? { changes: [change] } : {}),
    latencyMs: facts.latencyMs,
  };
}
