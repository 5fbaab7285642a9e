import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { readBody } from '../http-body.ts';
import { closeServer, listen } from '../listen.ts';
import { cognitoCall, CognitoApiError } from './cognito-api.ts';

/** Largest Cognito API request the front answers itself (each carries one token). */
const MAX_REQUEST_BYTES = 16 * 1024;

/** The public face of cognito-local: its API and JWKS, plus the calls it lacks. */
export interface CognitoFront {
  /** `http://127.0.0.1:<port>`: the user-pool endpoint and the JWT issuer's origin. */
  readonly endpoint: string;
  /** Starts forwarding to cognito-local once it listens. */
  connect(upstream: string): void;
  stop(): Promise<void>;
}

/**
 * Listens on the Cognito port and forwards everything to cognito-local, except the actions
 * Amplify JS calls that cognito-local does not implement:
 *
 * - `GlobalSignOut` (`signOut({ global: true })`): the access token is verified and the call
 *   answered as Cognito does; cognito-local cannot revoke refresh tokens, so they stay valid.
 * - `GetTokensFromRefreshToken` (token refresh): answered with cognito-local's
 *   `InitiateAuth` `REFRESH_TOKEN_AUTH`.
 */
export async function startCognitoFront(port: number): Promise<CognitoFront> {
  let upstream: URL | undefined;
  let endpoint = '';
  const server = createServer((incoming, outgoing) => {
    if (!upstream) {
      outgoing.writeHead(503).end();
      return;
    }
    const action = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const own = OWN_ACTIONS[action];
    const handled = own
      ? answer(incoming, outgoing, (input) => own(input, upstream!.origin, endpoint))
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

/** A Cognito API error the front answers (`__type` and `message`, status 400). */
class FrontError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

type OwnAction = (
  input: Record<string, unknown>,
  upstream: string,
  endpoint: string,
) => Promise<Record<string, unknown>>;

const OWN_ACTIONS: Readonly<Record<string, OwnAction>> = {
  GlobalSignOut: globalSignOut,
  GetTokensFromRefreshToken: tokensFromRefreshToken,
};

/** Answers one of the front's own actions in the Cognito JSON protocol, with cognito-local's CORS. */
async function answer(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  act: (input: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<void> {
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'access-control-allow-origin': '*',
  };
  try {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse((await readBody(incoming, MAX_REQUEST_BYTES)).toString('utf8')) as Record<
        string,
        unknown
      >;
    } catch {
      throw new FrontError('InvalidParameterException', 'The request is not valid JSON');
    }
    const output = await act(input);
    outgoing.writeHead(200, headers).end(JSON.stringify(output));
  } catch (error) {
    if (!(error instanceof FrontError)) throw error;
    outgoing
      .writeHead(400, headers)
      .end(JSON.stringify({ __type: error.type, message: error.message }));
  }
}

const text = (input: Record<string, unknown>, name: string): string => {
  const value = input[name];
  if (typeof value !== 'string' || value === '')
    throw new FrontError('InvalidParameterException', `${name} is required`);
  return value;
};

async function globalSignOut(
  input: Record<string, unknown>,
  upstream: string,
  endpoint: string,
): Promise<Record<string, unknown>> {
  const accessToken = text(input, 'AccessToken');
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
  if (!valid)
    throw new FrontError('NotAuthorizedException', 'Access Token has been revoked or is invalid');
  return {};
}

async function tokensFromRefreshToken(
  input: Record<string, unknown>,
  upstream: string,
): Promise<Record<string, unknown>> {
  try {
    const { AuthenticationResult } = await cognitoCall<{ AuthenticationResult: unknown }>(
      upstream,
      'InitiateAuth',
      {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: text(input, 'ClientId'),
        AuthParameters: { REFRESH_TOKEN: text(input, 'RefreshToken') },
      },
    );
    return { AuthenticationResult };
  } catch (error) {
    if (!(error instanceof CognitoApiError)) throw error;
    throw new FrontError('NotAuthorizedException', 'Invalid Refresh Token');
  }
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
