/**
 * Content capture: what the audit keeps of a request's content, per group (settings): nothing,
 * its SHA-256 hash (proves what was sent without keeping it), or the content encrypted.
 *
 * Encryption is envelope encryption with GenerateDataKey, not KMS Encrypt: Encrypt takes at most
 * 4,096 bytes of plaintext ("Encrypt", docs.aws.amazon.com/kms/latest/APIReference/
 * API_Encrypt.html) and a prompt may be 256 KiB. KMS returns a data key in plaintext and
 * encrypted ("GenerateDataKey", docs.aws.amazon.com/kms/latest/APIReference/
 * API_GenerateDataKey.html); the content is sealed locally with AES-256-GCM and only the
 * encrypted key is kept. One data key serves a container for a short while (settings), so KMS
 * is not called per request; each record has its own random IV, and the request id is the GCM
 * associated data, so a ciphertext cannot be moved to another record.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import type { KMSClient } from '@aws-sdk/client-kms';

import { clientOf, type ClientSource, kmsSdk } from './aws-sdk.ts';
import type { CaptureMode } from './kinds.ts';
import type { CapturedContent, EncryptedContent } from './record.ts';
import { AUDIT_ENCRYPTION_CONTEXT } from './table.ts';

export { AUDIT_ENCRYPTION_CONTEXT };

export interface ContentCaptureOptions {
  /** Made on first use in the functions (aws-sdk.ts). */
  readonly kms?: ClientSource<KMSClient>;
  /** The key that encrypts data keys (id, ARN or alias); needed for `kms` capture. */
  readonly keyId?: string;
  /** How long one data key is reused, in ms. */
  readonly dataKeyReuseMs: number;
  readonly now?: () => number;
}

interface DataKey {
  readonly plaintext: Buffer;
  readonly encrypted: string;
  readonly keyId: string;
  readonly expires: number;
}

/** Captures content as the group's mode says. */
export class ContentCapture {
  readonly #options: ContentCaptureOptions;
  #dataKey?: Promise<DataKey>;

  constructor(options: ContentCaptureOptions) {
    this.#options = options;
  }

  /** Starts loading the KMS client when content may be encrypted (AuditSink.prepare). */
  prepare(): void {
    const { kms, keyId } = this.#options;
    if (kms && keyId) Promise.all([clientOf(kms), kmsSdk()]).catch(() => undefined);
  }

  /** What to keep of `content` under `mode` (nothing for `none` or no content). */
  async capture(
    mode: CaptureMode,
    content: string | undefined,
    requestId: string,
  ): Promise<CapturedContent | undefined> {
    if (mode === 'none' || content === undefined) return undefined;
    if (mode === 'sha256')
      return { mode, sha256: createHash('sha256').update(content, 'utf8').digest('hex') };
    const key = await this.#currentKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
    cipher.setAAD(Buffer.from(requestId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(content, 'utf8'), cipher.final()]);
    return {
      mode: 'kms',
      keyId: key.keyId,
      encryptedKey: key.encrypted,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  async #currentKey(): Promise<DataKey> {
    const now = (this.#options.now ?? Date.now)();
    const cached = this.#dataKey;
    if (cached) {
      const key = await cached.catch(() => undefined);
      if (key && key.expires > now) return key;
    }
    this.#dataKey = this.#generate(now);
    return this.#dataKey;
  }

  async #generate(now: number): Promise<DataKey> {
    const { kms, keyId } = this.#options;
    if (!kms || !keyId) throw new Error('KMS content capture needs AUDIT_KEY_ID');
    const [client, { GenerateDataKeyCommand }] = await Promise.all([clientOf(kms), kmsSdk()]);
    const answer = await client.send(
      new GenerateDataKeyCommand({
        KeyId: keyId,
        KeySpec: 'AES_256',
        EncryptionContext: AUDIT_ENCRYPTION_CONTEXT,
      }),
    );
    if (!answer.Plaintext || !answer.CiphertextBlob || !answer.KeyId)
      throw new Error('GenerateDataKey answered without a key');
    return {
      plaintext: Buffer.from(answer.Plaintext),
      encrypted: Buffer.from(answer.CiphertextBlob).toString('base64'),
      keyId: answer.KeyId,
      expires: now + this.#options.dataKeyReuseMs,
    };
  }
}

/**
 * Opens captured content: the usage API's reason-recorded read (content-reads.ts) and an
 * operator's tools. Needs kms:Decrypt on the audit key with the audit encryption context.
 */
export async function openContent(
  kms: ClientSource<KMSClient>,
  content: EncryptedContent,
  requestId: string,
): Promise<string> {
  const [client, { DecryptCommand }] = await Promise.all([clientOf(kms), kmsSdk()]);
  const { Plaintext } = await client.send(
    new DecryptCommand({
      CiphertextBlob: Buffer.from(content.encryptedKey, 'base64'),
      KeyId: content.keyId,
      EncryptionContext: AUDIT_ENCRYPTION_CONTEXT,
    }),
  );
  if (!Plaintext) throw new Error('Decrypt answered without a key');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(Plaintext),
    Buffer.from(content.iv, 'base64'),
  );
  decipher.setAAD(Buffer.from(requestId, 'utf8'));
  decipher.setAuthTag(Buffer.from(content.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(content.ciphertext, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}
