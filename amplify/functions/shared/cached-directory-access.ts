/**
 * The directory as access decisions read it when SCIM is on (`directoryAccess.decisions`): a
 * federated user's current entry (active, groups mapped through the group-mapping table),
 * read through `currentAccess` and reused for at most `directoryAccess.cacheSeconds` (60 s at
 * most), so a deactivation or a removed group takes effect within that time.
 */
import { ENTRA_PROVIDER_NAME } from '../../auth/group-mapping/entra-claims.ts';
import type { GroupMappingSource } from '../../auth/group-mapping/mapping-source.ts';
import { MAX_ACCESS_CACHE_SECONDS } from '../../contract/gateway.ts';
import { type CurrentAccess, currentAccess } from './directory-access.ts';
import type { DirectoryStore } from './directory-store.ts';
import { MaxAgeCache } from './max-age-cache.ts';

/** Most users whose entries are kept at once per container (the cache starts over beyond). */
export const DIRECTORY_ACCESS_CACHE_ENTRIES = 10_000;

/** Where a decision reads a user's directory entry (the authorizer and the functions). */
export interface DirectoryAccessSource {
  /**
   * Whether the directory decides for this Cognito user: users federated through Entra
   * (`EntraID_<NameID>`), whom SCIM provisions. Native users (break-glass accounts) are not
   * provisioned and keep their Cognito groups.
   */
  decides(cognitoUsername: string): boolean;
  /** The user's current entry; a user the directory does not hold has no access. */
  of(cognitoUsername: string): Promise<CurrentAccess>;
}

/** Options of {@link CachedDirectoryAccess}. */
export interface CachedDirectoryAccessOptions {
  readonly store: DirectoryStore;
  /**
   * The group-mapping table, read at each lookup (so an editable table's change applies with
   * the next lookup): the stored one, `mappingSourceFromEnv()`.
   */
  readonly mapping: GroupMappingSource;
  /** Seconds an entry is reused: 0 to {@link MAX_ACCESS_CACHE_SECONDS}. */
  readonly maxAgeSeconds: number;
  readonly now?: () => number;
}

const FEDERATED_PREFIX = `${ENTRA_PROVIDER_NAME}_`.toLowerCase();

/** True for a Cognito user federated through the Entra SAML provider. */
export function isFederatedUsername(cognitoUsername: string): boolean {
  return cognitoUsername.toLowerCase().startsWith(FEDERATED_PREFIX);
}

/** {@link DirectoryAccessSource} over the directory table, cached per user. */
export class CachedDirectoryAccess implements DirectoryAccessSource {
  readonly #store: DirectoryStore;
  readonly #mapping: CachedDirectoryAccessOptions['mapping'];
  readonly #cache: MaxAgeCache<CurrentAccess>;

  constructor(options: CachedDirectoryAccessOptions) {
    const { maxAgeSeconds } = options;
    if (!(maxAgeSeconds >= 0 && maxAgeSeconds <= MAX_ACCESS_CACHE_SECONDS))
      throw new Error(
        `CachedDirectoryAccess: maxAgeSeconds must be 0 to ${MAX_ACCESS_CACHE_SECONDS}`,
      );
    this.#store = options.store;
    this.#mapping = options.mapping;
    this.#cache = new MaxAgeCache({
      maxAgeMs: maxAgeSeconds * 1000,
      maxEntries: DIRECTORY_ACCESS_CACHE_ENTRIES,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  decides(cognitoUsername: string): boolean {
    return isFederatedUsername(cognitoUsername);
  }

  of(cognitoUsername: string): Promise<CurrentAccess> {
    // Cognito user names are case-insensitive in a pool without case sensitivity; the SCIM
    // userName is matched case-insensitively too.
    return this.#cache.get(cognitoUsername.toLowerCase(), async () =>
      currentAccess(this.#store, cognitoUsername, await this.#mapping()),
    );
  }
}
