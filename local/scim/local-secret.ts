import { randomBytes } from 'node:crypto';

import { MIN_SECRET_CHARS, sha256Hex } from '../../amplify/functions/scim-api/bearer-secret.ts';

/** The local SCIM secret and the digest the local SCIM function accepts. */
export interface LocalScimSecret {
  readonly secret: string;
  readonly sha256: string;
}

/**
 * Local mode's SCIM bearer secret: `LOCAL_SCIM_SECRET` when set (at least 43 characters, as in
 * AWS), otherwise 32 random bytes for this run (printed by `npm start`, kept in the running
 * stack's record for `npm run scim`).
 */
export function localScimSecret(env: NodeJS.ProcessEnv = process.env): LocalScimSecret {
  const given = env['LOCAL_SCIM_SECRET'];
  if (given !== undefined && given.length < MIN_SECRET_CHARS)
    throw new Error(`LOCAL_SCIM_SECRET must be at least ${MIN_SECRET_CHARS} characters`);
  const secret = given ?? randomBytes(32).toString('base64url');
  return { secret, sha256: sha256Hex(secret) };
}
