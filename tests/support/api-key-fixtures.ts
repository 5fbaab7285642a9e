/**
 * Test support: an in-memory key table, a fixed HMAC secret and settable current groups, so
 * authorizer tests verify real keys without DynamoDB or Cognito. Never bundled into the Lambda.
 */
import type {
  CurrentGroups,
  GroupOwner,
} from '../../amplify/functions/api-authorizer/current-groups.ts';
import { apiKeyHmac, generateApiKey } from '../../amplify/functions/shared/api-key-format.ts';
import { StaticHmacSecret } from '../../amplify/functions/shared/api-key-hmac-secret.ts';
import type { ApiKeyRecord, ApiKeyStore } from '../../amplify/functions/shared/api-key-store.ts';

export const TEST_HMAC_SECRET = new StaticHmacSecret('test-hmac-secret-of-at-least-32-bytes!!');

/** The key table's `get` and `touch` over a map; counts touches. */
export class MemoryKeyTable implements Pick<ApiKeyStore, 'get' | 'touch'> {
  readonly records = new Map<string, ApiKeyRecord>();
  touches = 0;

  get(keyId: string): Promise<ApiKeyRecord | undefined> {
    return Promise.resolve(this.records.get(keyId));
  }

  touch(keyId: string, now: Date): Promise<void> {
    this.touches++;
    const record = this.records.get(keyId);
    if (record) this.records.set(keyId, { ...record, lastUsedAt: now.toISOString() });
    return Promise.resolve();
  }

  /** Stores a new key for `owner` and returns its secret; `overrides` change the record. */
  async add(
    owner: GroupOwner,
    overrides: Partial<ApiKeyRecord> = {},
  ): Promise<{ key: string; keyId: string }> {
    const { key, keyId } = generateApiKey();
    const now = Date.now();
    this.records.set(keyId, {
      keyId,
      ownerSub: owner.sub,
      ownerUsername: owner.username,
      name: 'test key',
      models: ['anthropic.claude-sonnet'],
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
      secretHmac: apiKeyHmac(await TEST_HMAC_SECRET.get(), key),
      claims: { department: 'research' },
      ...overrides,
    });
    return { key, keyId };
  }
}

/** Current groups a test sets per user name (none for an unknown user). */
export class SettableGroups implements CurrentGroups {
  readonly groups = new Map<string, readonly string[]>();
  lookups = 0;
  of(owner: GroupOwner): Promise<readonly string[]> {
    this.lookups++;
    return Promise.resolve(this.groups.get(owner.username) ?? []);
  }
}
