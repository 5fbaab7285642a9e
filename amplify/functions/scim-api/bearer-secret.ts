/**
 * The SCIM endpoint's own credential: a long random bearer secret that Entra is given. Only
 * its SHA-256 is stored (in Secrets Manager), a list of them, so a rotation adds the new
 * secret's hash, changes the token in Entra, then removes the old hash (docs/entra-id.md).
 * A secret of 256 random bits needs no slow hash: nobody can search that space.
 */
import '../../contract/zod-messages.ts';

import { createHash, timingSafeEqual } from 'node:crypto';

import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';

/** Shortest secret accepted: 32 bytes of randomness, base64url, is 43 characters. */
export const MIN_SECRET_CHARS = 43;
/** Longest Authorization header read (a longer one is refused without hashing it). */
const MAX_HEADER_CHARS = 1024;

/** Where the accepted hashes come from. */
export interface TokenHashSource {
  /** The SHA-256 digests of the secrets accepted now (empty: SCIM refuses every call). */
  hashes(): Promise<readonly Buffer[]>;
}

/** The stored form: `{ "sha256": ["<64 hex>", ...] }`. */
export const tokenHashesSchema = z.object({
  sha256: z
    .array(z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be 64 hex digits')))
    .check(z.maxLength(4)),
});

/** The SHA-256 of a secret, hex, as stored. */
export const sha256Hex = (secret: string) =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** Hashes read from the secret `secretId`, cached for `cacheMs` (a rotation applies within it). */
export class SecretsManagerTokenHashes implements TokenHashSource {
  readonly #client: SecretsManagerClient;
  readonly #secretId: string;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #cached: { readonly hashes: readonly Buffer[]; readonly until: number } | undefined;

  constructor(
    client: SecretsManagerClient,
    secretId: string,
    cacheMs: number,
    now: () => number = Date.now,
  ) {
    this.#client = client;
    this.#secretId = secretId;
    this.#cacheMs = cacheMs;
    this.#now = now;
  }

  async hashes(): Promise<readonly Buffer[]> {
    if (this.#cached && this.#cached.until > this.#now()) return this.#cached.hashes;
    const { SecretString } = await this.#client.send(
      new GetSecretValueCommand({ SecretId: this.#secretId }),
    );
    const hashes = parseTokenHashes(SecretString ?? '');
    this.#cached = { hashes, until: this.#now() + this.#cacheMs };
    return hashes;
  }
}

/** Fixed hashes (local mode and tests: `SCIM_TOKEN_SHA256`). */
export class StaticTokenHashes implements TokenHashSource {
  readonly #hashes: readonly Buffer[];
  constructor(hexDigests: readonly string[]) {
    this.#hashes = hexDigests.map((hex) => Buffer.from(hex, 'hex'));
  }
  hashes(): Promise<readonly Buffer[]> {
    return Promise.resolve(this.#hashes);
  }
}

/** The digests in a stored value; none when it is not the stored form (nothing is accepted). */
export function parseTokenHashes(stored: string): Buffer[] {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  const parsed = tokenHashesSchema.safeParse(value);
  return parsed.success ? parsed.data.sha256.map((hex) => Buffer.from(hex, 'hex')) : [];
}

/**
 * Whether `authorization` is `Bearer <secret>` for one of the accepted secrets. Every stored
 * digest is compared, in constant time, whatever matched before.
 */
export function isAcceptedBearer(
  authorization: string | undefined,
  hashes: readonly Buffer[],
): boolean {
  if (!authorization || authorization.length > MAX_HEADER_CHARS) return false;
  const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
  if (!match || match[1]!.length < MIN_SECRET_CHARS) return false;
  const digest = createHash('sha256').update(match[1]!, 'utf8').digest();
  let accepted = false;
  for (const hash of hashes)
    if (hash.length === digest.length && timingSafeEqual(hash, digest)) accepted = true;
  return accepted;
}
