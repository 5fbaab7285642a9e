import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';

import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';

import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { readBody } from '../http-body.ts';
import { closeServer, listen } from '../listen.ts';
import { CognitoApiError, cognitoCall } from './cognito-api.ts';
import {
  REFRESH_TOKEN_REUSE,
  RefreshTokenReusedError,
  RefreshTokenRotation,
} from './refresh-rotation.ts';
import {
  type AuthenticationResult,
  originOf,
  REVOKED_REFRESH_TOKEN_MESSAGE,
  RevokedRefreshTokens,
  withOrigin,
} from './token-revocation.ts';

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
 * Listens on the Cognito port and forwards everything to cognito-local, except what Amplify JS
 * needs that cognito-local does not do:
 *
 * - Token revocation, as an app client with EnableTokenRevocation has it (token-revocation.ts):
 *   tokens from sign-in (`InitiateAuth`, `RespondToAuthChallenge`, `/oauth2/token`) carry
 *   `origin_jti`, `RevokeToken` (plain `signOut()`) revokes a refresh token, and a revoked one
 *   is refused by every refresh (`GetTokensFromRefreshToken`, `InitiateAuth`
 *   `REFRESH_TOKEN_AUTH`, the `refresh_token` grant).
 * - `GetTokensFromRefreshToken` (token refresh): answered with cognito-local's
 *   `InitiateAuth` `REFRESH_TOKEN_AUTH`.
 * - Refresh token rotation, as the app client has it (refresh-rotation.ts): a refresh answers
 *   a new refresh token and the one sent stops working after the grace period;
 *   `InitiateAuth` `REFRESH_TOKEN_AUTH` is refused.
 * - `GlobalSignOut`: the access token is verified and the call answered; cognito-local cannot
 *   end every session, so refresh tokens stay valid (the app uses `RevokeToken` instead).
 * - `AdminUserGlobalSignOut` (the SCIM function, when SCIM deactivates or deletes a user): every
 *   refresh token the user holds is refused from then on; access tokens stay valid until they
 *   expire, as in Cognito.
 */
export async function startCognitoFront(
  port: number,
  options: { readonly refreshRotationGraceMs?: number } = {},
): Promise<CognitoFront> {
  let upstream: URL | undefined;
  let endpoint = '';
  const revoked = new RevokedRefreshTokens();
  const rotation = new RefreshTokenRotation(options.refreshRotationGraceMs);
  const server = createServer((incoming, outgoing) => {
    if (!upstream) {
      outgoing.writeHead(503).end();
      return;
    }
    const action = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const own = OWN_ACTIONS[action];
    const isTokenEndpoint =
      incoming.method === 'POST' && new URL(incoming.url ?? '/', endpoint).pathname === TOKEN_PATH;
    const context = { upstream: upstream.origin, endpoint, revoked, rotation };
    const handled = own
      ? answer(incoming, outgoing, (input) => own(input, context))
      : isTokenEndpoint
        ? tokenEndpoint(incoming, outgoing, context)
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

/** What the front's own actions work with. */
interface FrontContext {
  /** cognito-local's origin. */
  readonly upstream: string;
  /** The front's own origin (the tokens' issuer origin). */
  readonly endpoint: string;
  readonly revoked: RevokedRefreshTokens;
  readonly rotation: RefreshTokenRotation;
}

type OwnAction = (
  input: Record<string, unknown>,
  context: FrontContext,
) => Promise<Record<string, unknown>>;

const OWN_ACTIONS: Readonly<Record<string, OwnAction>> = {
  GlobalSignOut: globalSignOut,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  GetTokensFromRefreshToken: tokensFromRefreshToken,
  RevokeToken: revokeToken,
  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
};

/** The hosted UI's token endpoint (authorization code and refresh token grants). */
const TOKEN_PATH = '/oauth2/token';

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
  { upstream, endpoint }: FrontContext,
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

/** AdminUserGlobalSignOut: the user must exist; their refresh tokens are revoked. */
async function adminUserGlobalSignOut(
  input: Record<string, unknown>,
  { upstream, revoked }: FrontContext,
): Promise<Record<string, unknown>> {
  const Username = text(input, 'Username');
  try {
    await cognitoCall(upstream, 'AdminGetUser', {
      UserPoolId: text(input, 'UserPoolId'),
      Username,
    });
  } catch (error) {
    if (!(error instanceof CognitoApiError)) throw error;
    throw new FrontError(error.type, error.detail);
  }
  revoked.signOutUser(Username, Date.now());
  return {};
}

async function tokensFromRefreshToken(
  input: Record<string, unknown>,
  context: FrontContext,
): Promise<Record<string, unknown>> {
  const refreshToken = text(input, 'RefreshToken');
  const { AuthenticationResult } = await refreshed(text(input, 'ClientId'), refreshToken, context);
  return {
    AuthenticationResult: {
      ...AuthenticationResult,
      RefreshToken: context.rotation.rotate(refreshToken),
    },
  };
}

/**
 * New access and ID tokens for a refresh token that is neither revoked nor rotated out, from
 * cognito-local's `REFRESH_TOKEN_AUTH`; they keep the session's id as `origin_jti`.
 */
async function refreshed(
  clientId: string,
  refreshToken: string,
  { upstream, revoked, rotation }: FrontContext,
): Promise<{ AuthenticationResult: AuthenticationResult }> {
  if (revoked.has(refreshToken))
    throw new FrontError('NotAuthorizedException', REVOKED_REFRESH_TOKEN_MESSAGE);
  const upstreamToken = upstreamRefreshToken(rotation, refreshToken);
  if (revoked.signedOut(upstreamToken))
    throw new FrontError('NotAuthorizedException', REVOKED_REFRESH_TOKEN_MESSAGE);
  try {
    const { AuthenticationResult } = await cognitoCall<{
      AuthenticationResult: AuthenticationResult;
    }>(upstream, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: upstreamToken },
    });
    // The caller's refresh token is rotated by the caller of refreshed(), never passed back.
    const tokens: AuthenticationResult = { ...AuthenticationResult };
    delete tokens.RefreshToken;
    return { AuthenticationResult: withOrigin(tokens, originOf(refreshToken)) };
  } catch (error) {
    if (!(error instanceof CognitoApiError)) throw error;
    throw new FrontError('NotAuthorizedException', 'Invalid Refresh Token');
  }
}

/** cognito-local's refresh token behind `refreshToken`, or Cognito's error for a rotated-out one. */
function upstreamRefreshToken(rotation: RefreshTokenRotation, refreshToken: string): string {
  try {
    return rotation.upstreamOf(refreshToken);
  } catch (error) {
    if (!(error instanceof RefreshTokenReusedError)) throw error;
    throw new FrontError(REFRESH_TOKEN_REUSE.type, REFRESH_TOKEN_REUSE.message);
  }
}

/** RevokeToken: the refresh token (and so its session) can no longer be refreshed. */
async function revokeToken(
  input: Record<string, unknown>,
  { revoked }: FrontContext,
): Promise<Record<string, unknown>> {
  text(input, 'ClientId');
  revoked.revoke(text(input, 'Token'));
  return {};
}

const REFRESH_FLOWS = new Set(['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']);

/**
 * InitiateAuth: a sign-in gets `origin_jti`. A refresh is refused: with refresh token rotation
 * on, Cognito refreshes only through GetTokensFromRefreshToken (refresh-rotation.ts).
 */
async function initiateAuth(
  input: Record<string, unknown>,
  context: FrontContext,
): Promise<Record<string, unknown>> {
  if (REFRESH_FLOWS.has(String(input['AuthFlow']))) {
    throw new FrontError(
      'NotAuthorizedException',
      'REFRESH_TOKEN_AUTH is not allowed with refresh token rotation; use GetTokensFromRefreshToken',
    );
  }
  return signInCall('InitiateAuth', input, context);
}

async function respondToAuthChallenge(
  input: Record<string, unknown>,
  context: FrontContext,
): Promise<Record<string, unknown>> {
  return signInCall('RespondToAuthChallenge', input, context);
}

/** A sign-in call passed to cognito-local; issued tokens name their refresh token in `origin_jti`. */
async function signInCall(
  action: string,
  input: Record<string, unknown>,
  { upstream }: FrontContext,
): Promise<Record<string, unknown>> {
  try {
    const output = await cognitoCall<{ AuthenticationResult?: AuthenticationResult }>(
      upstream,
      action,
      input,
    );
    return output.AuthenticationResult
      ? { ...output, AuthenticationResult: withOrigin(output.AuthenticationResult) }
      : output;
  } catch (error) {
    if (!(error instanceof CognitoApiError)) throw error;
    throw new FrontError(error.type, error.detail);
  }
}

/** OAuth token endpoint fields that hold tokens, as Cognito's API names them. */
const OAUTH_TOKEN_FIELDS = {
  access_token: 'AccessToken',
  id_token: 'IdToken',
  refresh_token: 'RefreshToken',
} as const;

/**
 * `POST /oauth2/token`: cognito-local answers, then the issued tokens get `origin_jti`; a
 * revoked or rotated-out refresh token is refused with `invalid_grant`, as Cognito's token
 * endpoint does, and a refresh answers a new refresh token (rotation).
 */
async function tokenEndpoint(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  { upstream, revoked, rotation }: FrontContext,
): Promise<void> {
  const form = new URLSearchParams((await readBody(incoming, MAX_REQUEST_BYTES)).toString('utf8'));
  const grantedFrom =
    form.get('grant_type') === 'refresh_token' ? (form.get('refresh_token') ?? '') : undefined;
  let refused = grantedFrom !== undefined && revoked.has(grantedFrom);
  if (grantedFrom !== undefined && !refused) {
    try {
      const upstreamToken = rotation.upstreamOf(grantedFrom);
      refused = revoked.signedOut(upstreamToken);
      form.set('refresh_token', upstreamToken);
    } catch (error) {
      if (!(error instanceof RefreshTokenReusedError)) throw error;
      refused = true;
    }
  }
  const body = form.toString();
  if (refused) {
    outgoing
      .writeHead(400, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
      })
      .end(JSON.stringify({ error: 'invalid_grant' }));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'origin', 'authorization']) {
    const value = incoming.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstreamAnswer = await fetch(`${upstream}${incoming.url ?? TOKEN_PATH}`, {
    method: 'POST',
    headers,
    body,
  });
  let answerText = await upstreamAnswer.text();
  if (upstreamAnswer.ok) {
    const tokens = JSON.parse(answerText) as Record<string, unknown>;
    const asResult: AuthenticationResult = {};
    for (const [field, name] of Object.entries(OAUTH_TOKEN_FIELDS))
      if (typeof tokens[field] === 'string') asResult[name] = tokens[field];
    const withIds = withOrigin(asResult, grantedFrom ? originOf(grantedFrom) : undefined);
    for (const [field, name] of Object.entries(OAUTH_TOKEN_FIELDS))
      if (withIds[name] !== undefined) tokens[field] = withIds[name];
    if (grantedFrom) tokens['refresh_token'] = rotation.rotate(grantedFrom);
    answerText = JSON.stringify(tokens);
  }
  const answerHeaders: Record<string, string> = {};
  upstreamAnswer.headers.forEach((value, name) => {
    if (name === 'content-type' || name.startsWith('access-control-')) answerHeaders[name] = value;
  });
  outgoing.writeHead(upstreamAnswer.status, answerHeaders).end(answerText);
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
