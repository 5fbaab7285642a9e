import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';

/** Whose groups to look up: a key's owner. */
export interface GroupOwner {
  readonly sub: string;
  /** The Cognito user name (what the Cognito admin API takes). */
  readonly username: string;
}

/**
 * The groups a user has NOW (not when a key was made): the one place the authorizer asks, so a
 * directory (SCIM) can replace Cognito here without touching the key checks.
 */
export interface CurrentGroups {
  /** The user's current group names; empty when the user no longer exists. */
  of(owner: GroupOwner): Promise<readonly string[]>;
}

/** Longest a looked-up answer may be reused: a removed group stops a key within this time. */
export const CURRENT_GROUPS_MAX_AGE_SECONDS = 60;

/** Most users whose groups are kept at once; the cache starts over beyond it. */
export const CURRENT_GROUPS_CACHE_ENTRIES = 10_000;

/** Groups a user can be in at most (Cognito's quota is 100 per user); pages are read until then. */
const MAX_GROUP_PAGES = 10;

/** Options of {@link CognitoCurrentGroups}. */
export interface CognitoCurrentGroupsOptions {
  readonly userPoolId: string;
  /** @default a client for the Lambda's region (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` in local mode) */
  readonly client?: CognitoIdentityProviderClient;
  /** @default {@link CURRENT_GROUPS_MAX_AGE_SECONDS}; more is refused */
  readonly maxAgeSeconds?: number;
  readonly now?: () => number;
}

/** The user pool's groups of a user (AdminListGroupsForUser), cached at most 60 s per user. */
export class CognitoCurrentGroups implements CurrentGroups {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { groups: Promise<readonly string[]>; at: number }>();

  constructor(options: CognitoCurrentGroupsOptions) {
    const maxAge = options.maxAgeSeconds ?? CURRENT_GROUPS_MAX_AGE_SECONDS;
    if (maxAge < 0 || maxAge > CURRENT_GROUPS_MAX_AGE_SECONDS)
      throw new Error(
        `CognitoCurrentGroups: maxAgeSeconds must be 0 to ${CURRENT_GROUPS_MAX_AGE_SECONDS}`,
      );
    this.#client = options.client ?? new CognitoIdentityProviderClient({});
    this.#userPoolId = options.userPoolId;
    this.#maxAgeMs = maxAge * 1000;
    this.#now = options.now ?? Date.now;
  }

  of(owner: GroupOwner): Promise<readonly string[]> {
    const now = this.#now();
    const cached = this.#cache.get(owner.username);
    if (cached && now - cached.at < this.#maxAgeMs) return cached.groups;
    const groups = this.#lookUp(owner.username);
    if (this.#cache.size >= CURRENT_GROUPS_CACHE_ENTRIES) this.#cache.clear();
    this.#cache.set(owner.username, { groups, at: now });
    // A failed lookup is not kept: the next request asks again.
    groups.catch(() => this.#cache.delete(owner.username));
    return groups;
  }

  async #lookUp(username: string): Promise<readonly string[]> {
    const groups: string[] = [];
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_GROUP_PAGES; page++) {
        const answer = await this.#client.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.#userPoolId,
            Username: username,
            NextToken: nextToken,
          }),
        );
        for (const group of answer.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
        nextToken = answer.NextToken;
        if (!nextToken) break;
      }
    } catch (error) {
      // A deleted user has no groups: their keys die with them.
      if (
        error instanceof UserNotFoundException ||
        (error as Error).name === 'UserNotFoundException'
      )
        return [];
      throw error;
    }
    return groups;
  }
}
