import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

import { API_KEY_ENV } from '../../api-keys/api-key-table-definition.ts';

/** The server-side HMAC key that API keys are stored under. */
export interface HmacSecret {
  /** The key bytes; fetched once per container and cached (the secret is never rotated). */
  get(): Promise<Buffer>;
}

/** Shortest HMAC key accepted: 32 bytes, SHA-256's block security. */
export const MIN_HMAC_SECRET_BYTES = 32;

function checked(bytes: Buffer, where: string): Buffer {
  if (bytes.length < MIN_HMAC_SECRET_BYTES)
    throw new Error(
      `${where}: the API key HMAC secret must be at least ${MIN_HMAC_SECRET_BYTES} bytes`,
    );
  return bytes;
}

/**
 * The secret's string in Secrets Manager, read once and kept for the container's life. A failed
 * read is not kept: the next call tries again. Rotating the secret would invalidate every key, so
 * the secret has no rotation (keys expire instead).
 */
export class SecretsManagerHmacSecret implements HmacSecret {
  readonly #client: SecretsManagerClient;
  readonly #secretArn: string;
  #value: Promise<Buffer> | undefined;

  constructor(options: { secretArn: string; client?: SecretsManagerClient }) {
    this.#secretArn = options.secretArn;
    this.#client = options.client ?? new SecretsManagerClient({});
  }

  get(): Promise<Buffer> {
    this.#value ??= this.#client
      .send(new GetSecretValueCommand({ SecretId: this.#secretArn }))
      .then((answer) => {
        if (!answer.SecretString) throw new Error('the API key secret has no SecretString');
        return checked(Buffer.from(answer.SecretString, 'utf8'), 'Secrets Manager');
      });
    this.#value.catch(() => (this.#value = undefined));
    return this.#value;
  }
}

/** A secret given as it is (local mode, tests). */
export class StaticHmacSecret implements HmacSecret {
  readonly #value: Buffer;
  constructor(value: string | Buffer) {
    this.#value = checked(Buffer.from(value), 'StaticHmacSecret');
  }
  get(): Promise<Buffer> {
    return Promise.resolve(this.#value);
  }
}

/**
 * The secret the environment names: `API_KEY_SECRET_ARN` (AWS) or `API_KEY_HMAC_SECRET` (local
 * mode); undefined when neither is set (no key table either: keys are off).
 */
export function hmacSecretFromEnv(env: NodeJS.ProcessEnv = process.env): HmacSecret | undefined {
  const local = env[API_KEY_ENV.localSecret];
  if (local) return new StaticHmacSecret(local);
  const secretArn = env[API_KEY_ENV.secretArn];
  return secretArn ? new SecretsManagerHmacSecret({ secretArn }) : undefined;
}
