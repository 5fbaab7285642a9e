import type { AuditChange } from '../../audit/record.ts';
import { apiKeyIdSchema } from '../../contract/api-key-bodies.ts';
import type { ApiRoute, RouteRequest } from '../shared/api-router.ts';
import { type AuditedDependencies, type AuditedRoute, auditedRoute } from './audited-route.ts';

/** What a key operation did to a key: created or revoked. */
export type KeyOperation = 'created' | 'revoked';

/**
 * What a key operation changed, for its audit record: the key's public id and what happened to
 * it. Never the secret, its HMAC, the key's name or its models.
 */
export const keyChange = (keyId: string, operation: KeyOperation): AuditChange[] => [
  { item: `key ${keyId}`, after: operation },
];

/** The key a refused revocation aimed at: the path's `{keyId}` when it is a key id at all. */
const attemptedRevocation = ({ event }: RouteRequest): AuditChange[] | undefined => {
  const keyId = apiKeyIdSchema.safeParse(event.pathParameters?.['keyId']);
  return keyId.success ? [{ item: `key ${keyId.data}` }] : undefined;
};

/**
 * A key route that writes one `key-operation` audit record per call, whatever its answer
 * (audited-route.ts): who, which route, which key, the status. `group` is the group whose
 * retention applies (Administrators for revoking anyone's key; else the caller's first).
 */
export function auditedKeyOperation<D extends AuditedDependencies>(
  route: AuditedRoute<D>,
  group?: string,
): ApiRoute<D> {
  return auditedRoute(route, {
    kind: 'key-operation',
    ...(group !== undefined ? { group } : {}),
    attempted: attemptedRevocation,
  });
}
