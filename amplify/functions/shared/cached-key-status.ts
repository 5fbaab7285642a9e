/**
 * Whether a personal API key still works, as the functions re-check it: API Gateway reuses the
 * authorizer's Allow on the cached native routes for the whole cache TTL (300 s), so a function
 * reads the key's revocation itself, reused for at most `apiKeys.statusCacheSeconds` (60 s).
 */
import { MAX_ACCESS_CACHE_SECONDS } from '../../contract/gateway.ts';
import type { ApiKeyStore } from './api-key-store.ts';
import { MaxAgeCache } from './max-age-cache.ts';

/** Most keys whose status is kept at once per container. */
export const KEY_STATUS_CACHE_ENTRIES = 10_000;

/** Where a function reads a key's status. */
export interface ApiKeyStatusSource {
  /** False when the key is revoked or gone (expiry travels in the context's `exp`). */
  isLive(keyId: string): Promise<boolean>;
}

/** {@link ApiKeyStatusSource} over the key table, cached per key. */
export class CachedApiKeyStatus implements ApiKeyStatusSource {
  readonly #store: Pick<ApiKeyStore, 'get'>;
  readonly #cache: MaxAgeCache<boolean>;

  constructor(options: {
    store: Pick<ApiKeyStore, 'get'>;
    /** 0 to {@link MAX_ACCESS_CACHE_SECONDS}. */
    maxAgeSeconds: number;
    now?: () => number;
  }) {
    const { maxAgeSeconds } = options;
    if (!(maxAgeSeconds >= 0 && maxAgeSeconds <= MAX_ACCESS_CACHE_SECONDS))
      throw new Error(`CachedApiKeyStatus: maxAgeSeconds must be 0 to ${MAX_ACCESS_CACHE_SECONDS}`);
    this.#store = options.store;
    this.#cache = new MaxAgeCache({
      maxAgeMs: maxAgeSeconds * 1000,
      maxEntries: KEY_STATUS_CACHE_ENTRIES,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  isLive(keyId: string): Promise<boolean> {
    return this.#cache.get(keyId, async (id) => {
      const record = await this.#store.get(id);
      return record !== undefined && !record.revokedAt;
    });
  }
}
