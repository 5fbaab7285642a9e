/**
 * Why the directory store refused a write. Callers branch on the class (the SCIM function maps
 * each to its SCIM error); messages name attributes, never their values.
 */

/** The resource addressed does not exist (any more). */
export class DirectoryNotFoundError extends Error {
  override readonly name = 'DirectoryNotFoundError';
  readonly kind: 'User' | 'Group';
  constructor(kind: 'User' | 'Group') {
    super(`${kind} not found`);
    this.kind = kind;
  }
}

/** Another resource already holds a unique value (userName or externalId). */
export class DirectoryConflictError extends Error {
  override readonly name = 'DirectoryConflictError';
  readonly attribute: 'userName' | 'externalId';
  constructor(attribute: 'userName' | 'externalId') {
    super(`Another resource already has this ${attribute}`);
    this.attribute = attribute;
  }
}

/** A membership names users the directory does not hold. */
export class UnknownMemberError extends Error {
  override readonly name = 'UnknownMemberError';
  readonly count: number;
  constructor(count: number) {
    super(`${count} member${count === 1 ? '' : 's'} not found among the provisioned users`);
    this.count = count;
  }
}
