/**
 * A local KMS for local mode and tests: one HTTP/1.1 server speaking the KMS JSON 1.1 protocol
 * (`X-Amz-Target: TrentService.<operation>`) for the two operations the audit uses,
 * GenerateDataKey and Decrypt, so the unchanged `KMSClient` works with an endpoint override.
 *
 * One key (`LOCAL_KMS_KEY_ARN`), whose key material lives in memory for the server's life. A
 * data key's "ciphertext blob" is the data key sealed with AES-256-GCM under that material,
 * with the encryption context as associated data, so Decrypt refuses a blob whose context
 * differs, as KMS does ("Encryption context", docs.aws.amazon.com/kms/latest/developerguide/
 * encrypt_context.html).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { canonicalJson } from '../../amplify/audit/chain.ts';
import { readBody } from '../models/wire.ts';

/** The one key local mode's KMS holds. */
export const LOCAL_KMS_KEY_ARN =
  'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-4000-8000-000000000001';

export interface LocalKms {
  /** `http://127.0.0.1:<port>`, the `KMSClient` endpoint. */
  readonly endpoint: string;
  readonly keyArn: string;
  /** Operations served, by name (tests count data keys). */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** A JSON 1.1 answer; errors carry `__type`, as the SDK's protocol expects. */
function send(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': crypto.randomUUID(),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
const fail = (res: ServerResponse, type: string, message: string) =>
  send(res, 400, { __type: type, message });

const contextOf = (body: Json) => Buffer.from(canonicalJson(body['EncryptionContext'] ?? {}));

/** Starts the local KMS on 127.0.0.1 (`port` 0: a free one). */
export async function startLocalKms(port = 0): Promise<LocalKms> {
  const material = randomBytes(32);
  const calls = new Map<string, number>();

  function seal(dataKey: Buffer, context: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', material, iv);
    cipher.setAAD(context);
    const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  function open(blob: Buffer, context: Buffer): Buffer | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(0, 12));
      decipher.setAAD(context);
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
    } catch {
      return undefined;
    }
  }

  const knownKey = (id: unknown) =>
    id === LOCAL_KMS_KEY_ARN || id === LOCAL_KMS_KEY_ARN.split('/')[1];

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Json;
    if (operation === 'GenerateDataKey') {
      if (!knownKey(body['KeyId'])) return fail(res, 'NotFoundException', 'Key not found');
      if (body['KeySpec'] !== 'AES_256' && body['NumberOfBytes'] !== 32)
        return fail(res, 'ValidationException', 'Only AES_256 data keys are served locally');
      const dataKey = randomBytes(32);
      return send(res, 200, {
        KeyId: LOCAL_KMS_KEY_ARN,
        Plaintext: dataKey.toString('base64'),
        CiphertextBlob: seal(dataKey, contextOf(body)).toString('base64'),
      });
    }
    if (operation === 'Decrypt') {
      if (body['KeyId'] !== undefined && !knownKey(body['KeyId']))
        return fail(res, 'IncorrectKeyException', 'The key does not match the ciphertext');
      const dataKey = open(
        Buffer.from(String(body['CiphertextBlob'] ?? ''), 'base64'),
        contextOf(body),
      );
      if (!dataKey)
        return fail(res, 'InvalidCiphertextException', 'The ciphertext or its context is invalid');
      return send(res, 200, {
        KeyId: LOCAL_KMS_KEY_ARN,
        Plaintext: dataKey.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      });
    }
    fail(res, 'UnsupportedOperationException', `${operation} is not served locally`);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { __type: 'KMSInternalException', message: 'failed' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keyArn: LOCAL_KMS_KEY_ARN,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
