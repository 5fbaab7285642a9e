import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';

import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { readBody } from '../http-body.ts';
import { closeServer, listen } from '../listen.ts';
import type { LocalCertificate } from './certificate.ts';
import { cognitoCall } from './cognito-api.ts';
import { AUTHORIZE_FIELDS, renderLoginPage } from './login-page.ts';
import type { SeededUser } from './pool.ts';

/** Largest form or token request the hosted UI reads. */
const MAX_FORM_BYTES = 16 * 1024;

/** Options for {@link startHostedUi}. */
export interface HostedUiOptions {
  /** Port to listen on (https); 0 picks a free one. */
  readonly port: number;
  /** cognito-local's endpoint, which keeps the authorization codes and issues the tokens. */
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly certificate: LocalCertificate;
  readonly users: readonly SeededUser[];
  /** Origins the sign-in form may redirect to (the app's), for the page's CSP `form-action`. */
  readonly appOrigins: readonly string[];
}

/** A running hosted UI. */
export interface HostedUi {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`: the OAuth domain Amplify JS is configured with. */
  readonly domain: string;
  stop(): Promise<void>;
}

/**
 * The Cognito hosted UI over https: `/oauth2/authorize` (a sign-in page standing in for Entra ID),
 * `/oauth2/token` (authorization code with PKCE, refresh) and `/logout`. Codes and tokens come
 * from cognito-local; this server adds TLS, the page and sign-out, which cognito-local lacks.
 */
export async function startHostedUi(options: HostedUiOptions): Promise<HostedUi> {
  const server = createServer({ key: options.certificate.key, cert: options.certificate.cert });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    route(request, response, options).catch((error: unknown) => {
      console.error('hosted UI: request failed:', error instanceof Error ? error.message : error);
      if (!response.headersSent) sendText(response, 502, 'The local Cognito emulator failed.');
      else response.destroy();
    });
  });
  const port = await listen(server, options.port, LOCAL_HOST, PORT_SETTINGS.hostedUi);
  const domain = `${LOCAL_HOST}:${port}`;
  return { url: `https://${domain}`, domain, stop: () => closeServer(server) };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  options: HostedUiOptions,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'https://hosted-ui.invalid');
  const key = `${request.method} ${url.pathname}`;
  if (key === 'GET /oauth2/authorize') return authorizePage(url, response, options);
  if (key === 'POST /oauth2/authorize') return authorizeSubmit(request, response, options);
  if (
    url.pathname === '/oauth2/token' &&
    (request.method === 'POST' || request.method === 'OPTIONS')
  )
    return forward(request, response, options);
  if (key === 'GET /logout') return logout(url, response, options);
  sendText(
    response,
    404,
    'Not found. The local hosted UI serves /oauth2/authorize, /oauth2/token and /logout.',
  );
}

/** Validates the request with cognito-local (client id, registered redirect URI, PKCE), then shows the page. */
async function authorizePage(
  url: URL,
  response: ServerResponse,
  options: HostedUiOptions,
): Promise<void> {
  const upstream = await fetch(`${options.cognitoEndpoint}/oauth2/authorize${url.search}`);
  if (upstream.status !== 200) return relay(upstream, response);
  const fields = Object.fromEntries(
    AUTHORIZE_FIELDS.map((name) => [name, url.searchParams.get(name) ?? '']),
  );
  sendPage(response, 200, fields, options);
}

/** Checks the credentials through cognito-local, which answers with the redirect carrying the code. */
async function authorizeSubmit(
  request: IncomingMessage,
  response: ServerResponse,
  options: HostedUiOptions,
): Promise<void> {
  const body = await readBody(request, MAX_FORM_BYTES);
  const upstream = await fetch(`${options.cognitoEndpoint}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString('utf8'),
    redirect: 'manual',
  });
  const location = upstream.headers.get('location');
  if (upstream.status >= 300 && upstream.status < 400 && location) {
    response.writeHead(302, { location, 'cache-control': 'no-store' }).end();
    return;
  }
  if (upstream.status !== 200) return relay(upstream, response);
  // cognito-local answers a wrong password with its own form: show ours again instead.
  const form = new URLSearchParams(body.toString('utf8'));
  const fields = Object.fromEntries(AUTHORIZE_FIELDS.map((name) => [name, form.get(name) ?? '']));
  sendPage(response, 200, fields, options, 'Incorrect username or password.');
}

async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  options: HostedUiOptions,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of [
    'content-type',
    'origin',
    'access-control-request-method',
    'access-control-request-headers',
  ]) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = await fetch(`${options.cognitoEndpoint}${request.url ?? ''}`, {
    method: request.method,
    headers,
    body:
      request.method === 'POST'
        ? (await readBody(request, MAX_FORM_BYTES)).toString('utf8')
        : undefined,
  });
  await relay(upstream, response);
}

/** Sign-out: the logout URI must be one the app client registered, as in Cognito. */
async function logout(url: URL, response: ServerResponse, options: HostedUiOptions): Promise<void> {
  const clientId = url.searchParams.get('client_id') ?? '';
  const logoutUri = url.searchParams.get('logout_uri') ?? '';
  if (!clientId || !logoutUri)
    return sendText(response, 400, 'Sign-out needs client_id and logout_uri.');
  const client = await cognitoCall<{ UserPoolClient?: { LogoutURLs?: string[] } }>(
    options.cognitoEndpoint,
    'DescribeUserPoolClient',
    { UserPoolId: options.userPoolId, ClientId: clientId },
  ).catch(() => ({ UserPoolClient: undefined }));
  if (!client.UserPoolClient?.LogoutURLs?.includes(logoutUri)) {
    return sendText(
      response,
      400,
      'Sign-out failed: logout_uri is not registered for this client.',
    );
  }
  response.writeHead(302, { location: logoutUri, 'cache-control': 'no-store' }).end();
}

async function relay(upstream: Response, response: ServerResponse): Promise<void> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  upstream.headers.forEach((value, name) => {
    if (name === 'content-type' || name.startsWith('access-control-')) headers[name] = value;
  });
  response.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
}

function sendPage(
  response: ServerResponse,
  status: number,
  fields: Record<string, string>,
  options: HostedUiOptions,
  error?: string,
): void {
  const nonce = randomBytes(16).toString('base64');
  const html = renderLoginPage({ fields, users: options.users, error, nonce });
  response
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': [
        "default-src 'none'",
        `style-src 'nonce-${nonce}'`,
        `form-action 'self' ${options.appOrigins.join(' ')}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=300',
    })
    .end(html);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    .end(text);
}
