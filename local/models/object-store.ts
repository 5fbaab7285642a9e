import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readBody } from './wire.ts';
import { countRequest, type LocalModelStats } from './stats.ts';

/** One stored object. */
export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly lastModified: Date;
}

/**
 * An in-memory, S3-compatible object store (path-style `/<bucket>/<key>`): PutObject,
 * GetObject, HeadObject. Enough for async inference's input, output and job records; buckets
 * need not be created.
 */
export class ObjectStore {
  readonly objects = new Map<string, StoredObject>();

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
}

const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
