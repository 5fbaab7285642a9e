import { hmacMatches } from '../shared/api-key-format.ts';
import type { HmacSecret } from '../shared/api-key-hmac-secret.ts';
import type { ApiKeyStore } from '../shared/api-key-store.ts';
import type { CurrentGroups } from './current-groups.ts';
import { TokenRejectedError } from './errors.ts';
import type { VerifiedCaller } from './verifier.ts';

/** A key's use is recorded (`lastUsedAt`) at most this often, so most calls write nothing. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

/** Verifies personal API keys against the key table and their owner's current groups. */
export interface ApiKeyVerifier {
  /**
   * The key's owner as the caller: their CURRENT groups, the claims stored with the key, the
   * key's models and budget, and `exp` = the key's expiry.
   *
   * @throws TokenRejectedError `UNKNOWN_API_KEY`, `API_KEY_REVOKED` or `API_KEY_EXPIRED`.
   */
  verify(key: string, keyId: string): Promise<VerifiedCaller>;
}

export interface ApiKeyVerifierDependencies {
  readonly store: Pick<ApiKeyStore, 'get' | 'touch'>;
  readonly secret: HmacSecret;
  readonly currentGroups: CurrentGroups;
  readonly now?: () => Date;
}

/** Builds the key verifier over the key table, the HMAC secret and the owner's current groups. */
export function createApiKeyVerifier({
  store,
  secret,
  currentGroups,
  now = () => new Date(),
}: ApiKeyVerifierDependencies): ApiKeyVerifier {
  return {
    async verify(key, keyId) {
      const [record, hmacKey] = await Promise.all([store.get(keyId), secret.get()]);
      // A missing key and a wrong secret look alike to the caller and in the logs.
      if (!record || !hmacMatches(hmacKey, key, record.secretHmac))
        throw new TokenRejectedError('UNKNOWN_API_KEY');
      if (record.revokedAt) throw new TokenRejectedError('API_KEY_REVOKED');
      const at = now();
      const expiresAtMs = Date.parse(record.expiresAt);
      if (!(expiresAtMs > at.getTime())) throw new TokenRejectedError('API_KEY_EXPIRED');
      const [groups] = await Promise.all([
        currentGroups.of({ sub: record.ownerSub, username: record.ownerUsername }),
        store.touch(keyId, at, LAST_USED_RESOLUTION_SECONDS),
      ]);
      return {
        sub: record.ownerSub,
        username: record.ownerUsername,
        email: '',
        groups,
        claims: record.claims ?? {},
        apiKey: {
          keyId,
          models: record.models,
          ...(record.budget ? { budget: record.budget } : {}),
        },
        // The processors refuse the key past its expiry even while the gateway's cache holds it.
        exp: Math.floor(expiresAtMs / 1000),
      };
    },
  };
}
