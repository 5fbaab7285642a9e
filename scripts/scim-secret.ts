/**
 * `npm run scim:secret [-- <existing sha256 hex>...]`: a new SCIM bearer secret for Entra ID
 * (32 random bytes, base64url) and the value to store in the `ScimTokenHashes` secret: its
 * SHA-256, after the digests given (during a rotation, the old secret's). The secret itself is
 * printed once, to paste into Entra's "Secret Token"; it is never stored.
 */
import { randomBytes } from 'node:crypto';

import { sha256Hex, tokenHashesSchema } from '../amplify/functions/scim-api/bearer-secret.ts';

const kept = process.argv.slice(2);
const secret = randomBytes(32).toString('base64url');
const stored = tokenHashesSchema.parse({ sha256: [...kept, sha256Hex(secret)] });
console.log(`Secret Token for Entra (shown once): ${secret}`);
console.log(`Value for the ScimTokenHashes secret: ${JSON.stringify(stored)}`);
