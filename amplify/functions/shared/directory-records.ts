/** What the directory holds about a user and a group (the SCIM function renders these). */

/** A user's e-mail address, as SCIM carries it. */
export interface DirectoryEmail {
  readonly value: string;
  readonly type?: string;
  readonly primary?: boolean;
}

/** The enterprise-extension attributes kept (department and cost centre feed ABAC and budgets). */
export interface DirectoryEnterprise {
  readonly employeeNumber?: string;
  readonly costCenter?: string;
  readonly organization?: string;
  readonly division?: string;
  readonly department?: string;
  /** The manager's SCIM id. */
  readonly manager?: string;
}

/** A user's attributes as a client sets them. */
export interface DirectoryUserAttributes {
  readonly userName: string;
  readonly externalId?: string;
  readonly active: boolean;
  readonly displayName?: string;
  readonly title?: string;
  readonly name?: {
    readonly formatted?: string;
    readonly givenName?: string;
    readonly familyName?: string;
  };
  readonly emails?: readonly DirectoryEmail[];
  readonly enterprise?: DirectoryEnterprise;
}

/** A stored user. */
export interface DirectoryUser extends DirectoryUserAttributes {
  readonly id: string;
  readonly created: string;
  readonly lastModified: string;
}

/** A group's attributes as a client sets them (members are separate items). */
export interface DirectoryGroupAttributes {
  readonly displayName: string;
  readonly externalId?: string;
}

/** A stored group. */
export interface DirectoryGroup extends DirectoryGroupAttributes {
  readonly id: string;
  readonly created: string;
  readonly lastModified: string;
}

/** One page of a listing: SCIM's 1-based `startIndex` and the total across all pages. */
export interface DirectoryPage<T> {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly items: readonly T[];
}
