/**
 * The discovery endpoints (RFC 7644 §4): what this provider supports, announced truthfully:
 * PATCH yes; bulk, sort, ETags and password change no; filters limited to `eq` (list-filter.ts).
 */
import { SCIM_MAX_RESULTS, SCIM_SCHEMA } from '../../contract/scim.ts';

/** `GET /ServiceProviderConfig` (RFC 7643 §5). */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCIM_SCHEMA.serviceProviderConfig],
    documentationUri: 'docs/entra-id.md',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer secret',
        description: 'A long random secret, given to Entra as its Secret Token',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const RESOURCE_TYPES = {
  User: {
    endpoint: '/Users',
    schema: SCIM_SCHEMA.user,
    schemaExtensions: [{ schema: SCIM_SCHEMA.enterpriseUser, required: false }],
  },
  Group: { endpoint: '/Groups', schema: SCIM_SCHEMA.group, schemaExtensions: [] },
} as const;

/** One resource type (RFC 7643 §6), or undefined for an unknown name. */
export function resourceType(name: string, baseUrl: string) {
  const key = Object.keys(RESOURCE_TYPES).find((type) => type.toLowerCase() === name.toLowerCase());
  if (!key) return undefined;
  const type = RESOURCE_TYPES[key as keyof typeof RESOURCE_TYPES];
  return {
    schemas: [SCIM_SCHEMA.resourceType],
    id: key,
    name: key,
    ...type,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${key}` },
  };
}

export const RESOURCE_TYPE_NAMES = Object.keys(RESOURCE_TYPES);

type AttributeType = 'string' | 'boolean' | 'complex' | 'reference';

/** One attribute definition (RFC 7643 §7). */
interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: 'readWrite' | 'readOnly';
  readonly returned: 'default';
  readonly uniqueness: 'none' | 'server';
  readonly subAttributes?: readonly AttributeDefinition[];
}

interface AttributeOptions {
  readonly required?: boolean;
  readonly multiValued?: boolean;
  readonly uniqueness?: 'none' | 'server';
  readonly caseExact?: boolean;
  readonly mutability?: 'readWrite' | 'readOnly';
  readonly subAttributes?: readonly AttributeDefinition[];
}

function attribute(
  name: string,
  type: AttributeType,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: options.multiValued ?? false,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.subAttributes ? { subAttributes: options.subAttributes } : {}),
  };
}

const SCHEMAS = [
  {
    id: SCIM_SCHEMA.user,
    name: 'User',
    attributes: [
      attribute('userName', 'string', { required: true, uniqueness: 'server' }),
      attribute('externalId', 'string', { caseExact: true, uniqueness: 'server' }),
      attribute('active', 'boolean'),
      attribute('displayName', 'string'),
      attribute('title', 'string'),
      attribute('name', 'complex', {
        subAttributes: ['formatted', 'givenName', 'familyName'].map((name) =>
          attribute(name, 'string'),
        ),
      }),
      attribute('emails', 'complex', {
        multiValued: true,
        subAttributes: [
          attribute('value', 'string'),
          attribute('type', 'string'),
          attribute('primary', 'boolean'),
        ],
      }),
    ],
  },
  {
    id: SCIM_SCHEMA.enterpriseUser,
    name: 'EnterpriseUser',
    attributes: [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((name) =>
        attribute(name, 'string'),
      ),
      attribute('manager', 'complex', { subAttributes: [attribute('value', 'string')] }),
    ],
  },
  {
    id: SCIM_SCHEMA.group,
    name: 'Group',
    attributes: [
      attribute('displayName', 'string', { required: true }),
      attribute('externalId', 'string', { caseExact: true, uniqueness: 'server' }),
      attribute('members', 'complex', {
        multiValued: true,
        subAttributes: [attribute('value', 'string'), attribute('$ref', 'reference')],
      }),
    ],
  },
];

/** Every schema (RFC 7643 §7), or one by URN. */
export function schemaDefinitions(baseUrl: string) {
  return SCHEMAS.map((schema) => ({
    schemas: [SCIM_SCHEMA.schema],
    ...schema,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }));
}
