import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { countRequest, type LocalModelStats } from './stats.ts';
import { readBody } from './wire.ts';

/** One stored object. */
export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly lastModified: Date;
}

/**
 * How S3 answers a GetObject of a missing key: `NoSuchKey` (404) to a caller with `s3:ListBucket`
 * on the bucket, `AccessDenied` (403) to any other caller (Amazon S3 API Reference, GetObject).
 */
export type MissingKeyAnswer = 'NoSuchKey' | 'AccessDenied';

/**
 * An in-memory, S3-compatible object store (path-style `/<bucket>/<key>`): PutObject,
 * GetObject, HeadObject and ListObjectsV2. Enough for async inference's input, output and job
 * records; buckets need not be created. Tests choose how a missing key is answered and which
 * keys the caller may not read, to play a role without an unconditioned `s3:ListBucket`.
 */
export class ObjectStore {
  readonly objects = new Map<string, StoredObject>();
  /** The answer to a GetObject of a missing key (a role with `s3:ListBucket` gets NoSuchKey). */
  missingKeyAnswer: MissingKeyAnswer = 'NoSuchKey';
  /** `s3://bucket/prefix` locations whose objects GetObject refuses (403), present or not. */
  readonly unreadablePrefixes = new Set<string>();

  /** Reads `s3://bucket/key`. */
  get(uri: string): StoredObject | undefined {
    return this.objects.get(uri);
  }

  /** Writes `s3://bucket/key`. */
  put(uri: string, body: Buffer, contentType: string): void {
    this.objects.set(uri, { body, contentType, lastModified: new Date() });
  }

  /** Serves one S3 REST request. */
  async serve(req: IncomingMessage, res: ServerResponse, stats: LocalModelStats): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const uri = `s3://${bucket}/${key}`;
    if (bucket && !key && req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      countRequest(stats, 'ListObjectsV2');
      return this.list(res, bucket, url.searchParams);
    }
    if (!bucket || !key)
      return sendS3Error(res, 400, 'InvalidRequest', 'Path-style /bucket/key only');
    if (req.method === 'PUT') {
      countRequest(stats, 'PutObject');
      const body = await readBody(req);
      this.put(uri, body, req.headers['content-type'] ?? 'application/octet-stream');
      res.writeHead(200, { etag: etagOf(body), 'content-length': 0 });
      return void res.end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      countRequest(stats, req.method === 'GET' ? 'GetObject' : 'HeadObject');
      const object = this.get(uri);
      const unreadable = [...this.unreadablePrefixes].some((prefix) => uri.startsWith(prefix));
      if (unreadable || (!object && this.missingKeyAnswer === 'AccessDenied')) {
        if (req.method === 'HEAD') return void res.writeHead(403).end();
        return sendS3Error(res, 403, 'AccessDenied', 'Access Denied');
      }
      if (!object) {
        if (req.method === 'HEAD') return void res.writeHead(404).end();
        return sendS3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      res.writeHead(200, {
        'content-type': object.contentType,
        'content-length': object.body.length,
        etag: etagOf(object.body),
        'last-modified': object.lastModified.toUTCString(),
      });
      return void res.end(req.method === 'GET' ? object.body : undefined);
    }
    sendS3Error(res, 405, 'MethodNotAllowed', `${req.method} is not supported locally`);
  }

  /**
   * ListObjectsV2 of one bucket: keys under `prefix`, in key order, up to `max-keys`, after
   * `continuation-token` (here simply the last key of the previous page) or `start-after`.
   */
  private list(res: ServerResponse, bucket: string, query: URLSearchParams): void {
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000) || 1000, 1000);
    const after = query.get('continuation-token') ?? query.get('start-after') ?? '';
    const base = `s3://${bucket}/`;
    const keys = [...this.objects.keys()]
      .filter((uri) => uri.startsWith(base + prefix))
      .map((uri) => uri.slice(base.length))
      .filter((key) => key > after)
      .sort();
    const shown = keys.slice(0, maxKeys);
    const contents = shown.map((key) => {
      const object = this.objects.get(base + key)!;
      return (
        `<Contents><Key>${xml(key)}</Key>` +
        `<LastModified>${object.lastModified.toISOString()}</LastModified>` +
        `<ETag>${xml(etagOf(object.body))}</ETag><Size>${object.body.length}</Size>` +
        `<StorageClass>STANDARD</StorageClass></Contents>`
      );
    });
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix>` +
      `<KeyCount>${shown.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
      `<IsTruncated>${keys.length > shown.length}</IsTruncated>` +
      (keys.length > shown.length
        ? `<NextContinuationToken>${xml(shown.at(-1)!)}</NextContinuationToken>`
        : '') +
      contents.join('') +
      '</ListBucketResult>';
    res.writeHead(200, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }
}

const xml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
