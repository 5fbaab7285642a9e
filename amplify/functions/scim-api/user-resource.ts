/** Users between their SCIM form (RFC 7643 §4.1, enterprise extension §4.3) and the directory's. */
import { SCIM_SCHEMA } from '../../contract/scim.ts';
import type { ScimUserBody } from '../../contract/scim-bodies.ts';
import type {
  DirectoryEnterprise,
  DirectoryUser,
  DirectoryUserAttributes,
} from '../shared/directory-records.ts';
import { compact } from './compact.ts';
import type { ScimDocument } from './patch-document.ts';
import type { ResourceSchema } from './patch-path.ts';

/** The user attributes this provider keeps: what PATCH may name. */
export const USER_SCHEMA: ResourceSchema = {
  core: {
    simple: ['userName', 'externalId', 'active', 'displayName', 'title'],
    complex: { name: ['formatted', 'givenName', 'familyName'] },
    multi: { emails: ['value', 'type', 'primary'] },
    readOnly: ['id', 'meta', 'groups'],
  },
  extensions: {
    [SCIM_SCHEMA.enterpriseUser]: {
      simple: ['employeeNumber', 'costCenter', 'organization', 'division', 'department'],
      complex: { manager: ['value', 'displayName', '$ref'] },
      multi: {},
      readOnly: [],
    },
  },
};

/** A parsed body's attributes; `active` defaults to true (RFC 7643 leaves it to the provider). */
export function userAttributesFrom(body: ScimUserBody): DirectoryUserAttributes {
  const enterprise = body[SCIM_SCHEMA.enterpriseUser];
  const manager = enterprise?.manager;
  return compact({
    userName: body.userName,
    externalId: body.externalId,
    active: body.active ?? true,
    displayName: body.displayName,
    title: body.title,
    name: body.name && {
      formatted: body.name.formatted,
      givenName: body.name.givenName,
      familyName: body.name.familyName,
    },
    emails: body.emails?.map((email) => ({
      value: email.value,
      type: email.type,
      primary: email.primary,
    })),
    enterprise: enterprise && {
      employeeNumber: enterprise.employeeNumber,
      costCenter: enterprise.costCenter,
      organization: enterprise.organization,
      division: enterprise.division,
      department: enterprise.department,
      manager: typeof manager === 'string' ? manager : manager?.value,
    },
  }) as DirectoryUserAttributes;
}

/** The user's attributes as a SCIM document (what PATCH operates on). */
export function userDocument(user: DirectoryUserAttributes): ScimDocument {
  const { enterprise, ...core } = user;
  return compact({
    ...core,
    [SCIM_SCHEMA.enterpriseUser]: enterprise && enterpriseDocument(enterprise),
  }) as ScimDocument;
}

function enterpriseDocument(enterprise: DirectoryEnterprise): Record<string, unknown> {
  const { manager, ...rest } = enterprise;
  return { ...rest, manager: manager === undefined ? undefined : { value: manager } };
}

/** A stored user's client-set attributes (without id and timestamps). */
export function attributesOf(user: DirectoryUser): DirectoryUserAttributes {
  const { userName, externalId, active, displayName, title, name, emails, enterprise } = user;
  return { userName, externalId, active, displayName, title, name, emails, enterprise };
}

/** The user as SCIM returns it: absent values left out, never null. */
export function renderUser(user: DirectoryUser, location: string): Record<string, unknown> {
  return compact({
    schemas: [SCIM_SCHEMA.user, ...(user.enterprise ? [SCIM_SCHEMA.enterpriseUser] : [])],
    id: user.id,
    ...userDocument(attributesOf(user)),
    meta: {
      resourceType: 'User',
      created: user.created,
      lastModified: user.lastModified,
      location,
    },
  });
}
