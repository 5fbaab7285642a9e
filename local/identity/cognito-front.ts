import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { readBody } from '../http-body.ts';
import { closeServer, listen } from '../listen.ts';
import { cognitoCall, CognitoApiError } from './cognito-api.ts';

/** Largest Cognito API request the front reads itself (GlobalSignOut carries one token). */
const MAX_SIGN_OUT_BYTES = 16 * 1024;

/** The public face of cognito-local: its API and JWKS, plus the calls it lacks. */
export interface CognitoFront {
  /** `http://127.0.0.1:<port>`: the user-pool endpoint and the JWT issuer's origin. */
  readonly endpoint: string;
  /** Starts forwarding to cognito-local once it listens. */
  connect(upstream: string): void;
  stop(): Promise<void>;
}

/**
 * Listens on the Cognito port and forwards everything to cognito-local, except
 * `GlobalSignOut`, which cognito-local does not implement and Amplify JS calls on
 * `signOut({ global: true })`: the front checks the access token with `GetUser` and answers as
 * Cognito does. cognito-local cannot revoke a user's refresh tokens, so they stay valid locally.
 */
export async function startCognitoFront(port: number): Promise<CognitoFront> {
  let upstream: URL | undefined;
  let endpoint = '';
  const server = createServer((incoming, outgoing) => {
    if (!upstream) {
      outgoing.writeHead(503).end();
      return;
    }
    const target = String(incoming.headers['x-amz-target'] ?? '');
    const handled = target.endsWith('.GlobalSignOut')
      ? globalSignOut(incoming, outgoing, upstream.origin, endpoint)
      : forward(incoming, outgoing, upstream);
    handled.catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end();
      else outgoing.destroy();
    });
  });
  const bound = await listen(server, port, LOCAL_HOST, PORT_SETTINGS.cognito);
  endpoint = `http://${LOCAL_HOST}:${bound}`;
  return {
    endpoint,
    connect(next) {
      upstream = new URL(next);
    },
    stop: () => closeServer(server),
  };
}

function forward(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  upstream: URL,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const proxied = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.once('end', resolve);
      },
    );
    proxied.once('error', reject);
    incoming.pipe(proxied);
  });
}

async function globalSignOut(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  upstream: string,
  endpoint: string,
): Promise<void> {
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'access-control-allow-origin': '*',
  };
  let accessToken: unknown;
  try {
    accessToken = (
      JSON.parse((await readBody(incoming, MAX_SIGN_OUT_BYTES)).toString('utf8')) as {
        AccessToken?: unknown;
      }
    ).AccessToken;
  } catch {
    accessToken = undefined;
  }
  if (typeof accessToken !== 'string' || accessToken === '') {
    outgoing
      .writeHead(400, headers)
      .end(
        JSON.stringify({ __type: 'InvalidParameterException', message: 'AccessToken is required' }),
      );
    return;
  }
  // cognito-local's GetUser does not check signatures: verify the token here, then its user.
  const valid =
    (await isSignedAccessToken(accessToken, endpoint, upstream)) &&
    (await cognitoCall(upstream, 'GetUser', { AccessToken: accessToken }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof CognitoApiError) return false;
        throw error;
      },
    ));
  if (!valid) {
    outgoing.writeHead(400, headers).end(
      JSON.stringify({
        __type: 'NotAuthorizedException',
        message: 'Access Token has been revoked or is invalid',
      }),
    );
    return;
  }
  outgoing.writeHead(200, headers).end('{}');
}

/** Verifies an access token of one of this emulator's pools (signature, expiry, `token_use`). */
async function isSignedAccessToken(
  token: string,
  endpoint: string,
  upstream: string,
): Promise<boolean> {
  let issuer: string;
  try {
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    issuer = String((JSON.parse(payload) as { iss?: unknown }).iss);
  } catch {
    return false;
  }
  if (!issuer.startsWith(`${endpoint}/`)) return false;
  const jwks = await fetch(`${upstream}${issuer.slice(endpoint.length)}/.well-known/jwks.json`);
  if (!jwks.ok) return false;
  const verifier = JwtVerifier.create({ issuer, audience: null });
  verifier.cacheJwks((await jwks.json()) as Jwks);
  try {
    return verifier.verifySync(token).token_use === 'access';
  } catch {
    return false;
  }
}
