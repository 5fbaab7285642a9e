import { SCIM_SCHEMA, type ScimErrorBody, type ScimErrorType } from '../../contract/scim.ts';

/**
 * A SCIM error (RFC 7644 §3.12): the status, the `scimType` where the RFC defines one, and a
 * detail that names attributes, never their values. The router answers it as is.
 */
export class ScimError extends Error {
  override readonly name = 'ScimError';
  readonly status: number;
  readonly detail: string;
  readonly scimType: ScimErrorType | undefined;

  constructor(status: number, detail: string, scimType?: ScimErrorType) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.scimType = scimType;
  }

  /** The response body. */
  body(): ScimErrorBody {
    return {
      schemas: [SCIM_SCHEMA.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

/** 400 with a scimType. */
export const badRequest = (scimType: ScimErrorType, detail: string) =>
  new ScimError(400, detail, scimType);

/** 404 for a resource that does not exist. */
export const notFound = (what: string) => new ScimError(404, `${what} not found`);
