import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';

import { localSecurityHeaders } from '../../amplify/hosting/security-headers.ts';
import { appIndexFor } from '../../amplify/hosting/spa-rewrite.ts';
import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { closeServer, listen } from '../listen.ts';

/** Content types of the files an Angular build emits. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** What the static server serves, known once the rest of the stack is up. */
export interface StaticContent {
  /** The built app (`dist/ml-gateway/browser`); without one, app routes answer 503. */
  readonly root?: string;
  /** The local `amplify_outputs.json`, served at `/amplify_outputs.json`. */
  readonly outputsFile: string;
  /** Origins the app calls (API, hosted UI, Cognito emulator), for CSP `connect-src`. */
  readonly connectOrigins: readonly string[];
}

/** A running static server. */
export interface StaticServer {
  /** The app's origin, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Starts serving `content`; until then every request is answered 503. */
  serve(content: StaticContent): void;
  stop(): Promise<void>;
}

interface ResolvedContent {
  readonly root?: string;
  readonly outputsFile: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Serves the built app as Amplify Hosting does: files as they are, app routes (deep links)
 * rewritten to their language's `index.html` (`/de/chat` to `de/index.html`), the security headers from amplify/hosting on every response, and
 * local mode's own `amplify_outputs.json`. It listens first (the app's origin is part of the
 * identity and API configuration) and serves once {@link StaticServer.serve} is called.
 */
export async function startStaticServer(port: number): Promise<StaticServer> {
  let content: ResolvedContent | undefined;
  const server = createServer((request, response) => {
    if (!content) {
      response.writeHead(503, { 'retry-after': '1' }).end('The local stack is starting');
      return;
    }
    serve(request, response, content).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  const bound = await listen(server, port, LOCAL_HOST, PORT_SETTINGS.app);
  return {
    origin: `http://${LOCAL_HOST}:${bound}`,
    serve(next) {
      content = {
        root: next.root === undefined ? undefined : path.resolve(next.root),
        outputsFile: next.outputsFile,
        headers: localSecurityHeaders(next.connectOrigins),
      };
    },
    stop: () => closeServer(server),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  { root, outputsFile, headers }: ResolvedContent,
): Promise<void> {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://app.invalid').pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (pathname !== '/amplify_outputs.json' && root === undefined) {
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('This local stack was started without the app (app build mode "none").');
    return;
  }
  const file =
    pathname === '/amplify_outputs.json'
      ? outputsFile
      : path.join(root!, appIndexFor(pathname) ?? pathname);
  // path.join normalises `..`; anything that lands outside the build is refused.
  if (file !== outputsFile && !file.startsWith(`${root}${path.sep}`)) {
    response.writeHead(404).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const hashed = /[-.][0-9A-Za-z_]{8,}\.(js|css)$/.test(file);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    // Hashed bundles never change; index.html and the outputs must be re-read on every load.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
