import '../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { DIRECTORY_TABLE_ENV } from '../../directory/directory-table-definition.ts';

/**
 * The SCIM function's configuration, read once at init from the environment:
 *
 * | variable | meaning |
 * |---|---|
 * | `DIRECTORY_TABLE_NAME` | the directory table (users, groups, memberships) |
 * | `SCIM_TOKEN_SECRET_ARN` | Secrets Manager secret holding the accepted secrets' SHA-256 (AWS) |
 * | `SCIM_TOKEN_SHA256` | comma-separated SHA-256 hex digests instead (local mode and tests) |
 * | `SCIM_TOKEN_CACHE_SECONDS` | how long the hashes read from the secret are reused (default 300) |
 * | `MAX_BODY_BYTES` | largest request body, measured as received (default 262144) |
 * | `SIGN_OUT_USER_POOL_ID` | the user pool whose sessions a deactivation or deletion revokes (unset: none) |
 *
 * Exactly one of `SCIM_TOKEN_SECRET_ARN` and `SCIM_TOKEN_SHA256` is set.
 */
export interface ScimApiConfig {
  readonly tableName: string;
  readonly tokens:
    | { readonly kind: 'secret'; readonly secretId: string; readonly cacheSeconds: number }
    | { readonly kind: 'static'; readonly sha256: readonly string[] };
  readonly maxBodyBytes: number;
  /** The pool AdminUserGlobalSignOut is called on; undefined where no pool is connected. */
  readonly signOutUserPoolId?: string;
}

const count = (fallback: number, min: number, max: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

const schema = z.object({
  [DIRECTORY_TABLE_ENV]: z.string().check(z.minLength(1, `${DIRECTORY_TABLE_ENV} is required`)),
  SCIM_TOKEN_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  SCIM_TOKEN_SHA256: z.optional(
    z.string().check(z.regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/i, 'must be SHA-256 hex digests')),
  ),
  SCIM_TOKEN_CACHE_SECONDS: count(300, 0, 3600),
  MAX_BODY_BYTES: count(262_144, 1024, 10 * 1024 * 1024),
  SIGN_OUT_USER_POOL_ID: z.optional(
    z.string().check(z.regex(/^[a-z0-9-]+_[0-9a-zA-Z]+$/, 'must look like <region>_<id>')),
  ),
});

/** Validates the environment; throws naming the offending variable. */
export function loadScimConfig(env: NodeJS.ProcessEnv = process.env): ScimApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `scim-api configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const data = parsed.data;
  if ((data.SCIM_TOKEN_SECRET_ARN === undefined) === (data.SCIM_TOKEN_SHA256 === undefined))
    throw new Error(
      'scim-api configuration: set exactly one of SCIM_TOKEN_SECRET_ARN and SCIM_TOKEN_SHA256',
    );
  return {
    tableName: data[DIRECTORY_TABLE_ENV],
    tokens: data.SCIM_TOKEN_SECRET_ARN
      ? {
          kind: 'secret',
          secretId: data.SCIM_TOKEN_SECRET_ARN,
          cacheSeconds: data.SCIM_TOKEN_CACHE_SECONDS,
        }
      : { kind: 'static', sha256: data.SCIM_TOKEN_SHA256!.split(',') },
    maxBodyBytes: data.MAX_BODY_BYTES,
    ...(data.SIGN_OUT_USER_POOL_ID ? { signOutUserPoolId: data.SIGN_OUT_USER_POOL_ID } : {}),
  };
}
