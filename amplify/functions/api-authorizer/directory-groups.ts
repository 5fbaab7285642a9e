import type { DirectoryAccessSource } from '../shared/cached-directory-access.ts';
import type { CurrentGroups, GroupOwner } from './current-groups.ts';

/**
 * A key owner's current groups when access follows the directory (SCIM on): a federated
 * owner's come from their directory entry (none once deactivated or deleted), which also
 * serves Entra-federated owners, whom the user pool holds in no group (their groups come from
 * the sign-in's mapping); a native owner's still come from the user pool.
 */
export class DirectoryCurrentGroups implements CurrentGroups {
  readonly #directory: DirectoryAccessSource;
  readonly #native: CurrentGroups;

  constructor(directory: DirectoryAccessSource, native: CurrentGroups) {
    this.#directory = directory;
    this.#native = native;
  }

  async of(owner: GroupOwner): Promise<readonly string[]> {
    if (!this.#directory.decides(owner.username)) return this.#native.of(owner);
    return (await this.#directory.of(owner.username)).groups;
  }
}
