/**
 * The SCIM 2.0 service provider's protocol vocabulary (RFC 7643, RFC 7644): where it is served,
 * the schema URNs, the error types, and the limits it announces in ServiceProviderConfig. Read
 * by the SCIM function, the API construct, local mode and the tests.
 */

/** The SCIM base path under the stage: the Tenant URL given to Entra ends with it. */
export const SCIM_BASE_PATH = '/scim/v2';

/** The methods SCIM uses (RFC 7644 §3.2); nothing else reaches the SCIM function. */
export const SCIM_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** SCIM's media type (RFC 7644 §3.1); `application/json` is accepted as well. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The schema URNs this provider reads and writes. */
export const SCIM_SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** The `scimType` values of RFC 7644 §3.12 (Table 9) this provider answers with. */
export const SCIM_ERROR_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
] as const;
export type ScimErrorType = (typeof SCIM_ERROR_TYPES)[number];

/** A SCIM error response body (RFC 7644 §3.12). */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof SCIM_SCHEMA.error];
  /** The HTTP status, as a string (RFC 7644 §3.12). */
  readonly status: string;
  readonly scimType?: ScimErrorType;
  readonly detail: string;
}

/**
 * Page size when a query names no `count`, and the most one page holds (announced as
 * `filter.maxResults`). Entra asks for one resource at a time (filter eq), so pages only matter
 * to other clients and to operators.
 */
export const SCIM_MAX_RESULTS = 100;

/** Operations one PATCH may carry; Entra sends a handful, a group add at most about 100 members. */
export const SCIM_MAX_PATCH_OPERATIONS = 1000;

/** Members one PATCH operation may add or remove (each is a DynamoDB write). */
export const SCIM_MAX_MEMBERS_PER_OPERATION = 1000;
