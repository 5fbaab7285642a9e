/**
 * Test and benchmark support: a real RSA key pair, a JWKS served over HTTP on 127.0.0.1, and
 * Cognito-shaped access tokens signed with node:crypto. Never bundled into the Lambda.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Jwk } from 'aws-jwt-verify/jwk';

import {
  createTokenAuthorizer,
  type DenialLog,
} from '../../amplify/functions/api-authorizer/authorizer.ts';
import { loadAuthorizerConfig } from '../../amplify/functions/api-authorizer/config.ts';
import { createAccessTokenVerifier } from '../../amplify/functions/api-authorizer/verifier.ts';

export const TEST_POOL_ID = 'local_TestPool1';
export const TEST_CLIENT_ID = 'testclient0123456789abcdef';

/** An RSA signing key with the JWK Cognito would publish for it. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: Jwk & { readonly kid: string };
}

/** Generates a 2048-bit RSA key (Cognito's size) and its public JWK. */
export function createSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: n!, e: e! },
  };
}

export const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

const ALGORITHMS = { RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' } as const;

/**
 * Encodes and signs a JWT. `alg` in the header decides the algorithm unless `signWith` says
 * otherwise, so tests can lie in the header (RS512 header over an RS256 signature).
 */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  signWith: { key: KeyObject; alg: keyof typeof ALGORITHMS } | { hmacSecret: string | Buffer },
): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  const signature =
    'hmacSecret' in signWith
      ? createHmac('sha256', signWith.hmacSecret).update(input).digest()
      : createSign(ALGORITHMS[signWith.alg]).update(input).sign(signWith.key);
  return `${input}.${base64url(signature)}`;
}

/** Issues Cognito-shaped tokens for one pool origin (issuer `<origin>/<poolId>`). */
export class TestTokenIssuer {
  readonly issuer: string;
  readonly key: SigningKey;

  constructor(origin: string, key: SigningKey) {
    this.issuer = `${origin}/${TEST_POOL_ID}`;
    this.key = key;
  }

  /** The claims of a valid access token for an MLUsers member, with overrides (undefined deletes). */
  accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: '6b1c2d3e-0000-4000-8000-00000000abcd',
      'cognito:groups': ['MLUsers'],
      iss: this.issuer,
      version: 2,
      client_id: TEST_CLIENT_ID,
      origin_jti: 'b6f0b7a4-1111-4000-8000-000000000001',
      token_use: 'access',
      scope: 'openid email profile',
      auth_time: now,
      exp: now + 3600,
      iat: now,
      jti: 'a1b2c3d4-2222-4000-8000-000000000002',
      username: 'entraid_alice@example.com',
      department: 'research',
      ...overrides,
    };
    for (const [name, value] of Object.entries(overrides))
      if (value === undefined) delete claims[name];
    return claims;
  }

  /** A signed access token (RS256, this issuer's key) with claim overrides. */
  accessToken(
    overrides: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
  ): string {
    return signJwt({ kid: this.key.kid, alg: 'RS256', ...header }, this.accessClaims(overrides), {
      key: this.key.privateKey,
      alg: 'RS256',
    });
  }
}

/** A JWKS endpoint on 127.0.0.1 (ephemeral port) that counts its requests. */
export interface JwksServer {
  readonly origin: string;
  readonly jwksUri: string;
  /** Number of JWKS requests served so far. */
  readonly hits: number;
  /** Replace what the endpoint serves: a JWKS body, or an HTTP status to fail with. */
  serve(body: { keys: Jwk[] } | number): void;
  close(): Promise<void>;
}

/** Starts a JWKS server at `/<TEST_POOL_ID>/.well-known/jwks.json`, like cognito-local. */
export async function startJwksServer(keys: Jwk[]): Promise<JwksServer> {
  let body: { keys: Jwk[] } | number = { keys };
  let hits = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== `/${TEST_POOL_ID}/.well-known/jwks.json`) {
      response.writeHead(404).end();
      return;
    }
    hits++;
    if (typeof body === 'number') response.writeHead(body).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    jwksUri: `${origin}/${TEST_POOL_ID}/.well-known/jwks.json`,
    get hits() {
      return hits;
    },
    serve(next) {
      body = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A token authorizer over a local JWKS server, with the issuer that signs its tokens. */
export interface TestAuthorizer {
  readonly issuer: TestTokenIssuer;
  readonly authorize: ReturnType<typeof createTokenAuthorizer>;
  close(): Promise<void>;
}

/**
 * The authorizer's real access-token verifier for tokens of `issuer`, its keys served at
 * `jwksUri` (not fetched yet: `hydrate()` fetches them); `env` overrides its settings.
 */
export function testVerifier(
  issuer: TestTokenIssuer,
  jwksUri: string,
  env: Record<string, string> = {},
) {
  return createAccessTokenVerifier(
    loadAuthorizerConfig({
      USER_POOL_ID: TEST_POOL_ID,
      USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
      JWT_ISSUER: issuer.issuer,
      JWKS_URI: jwksUri,
      ...env,
    }),
  );
}

/**
 * Starts a JWKS server with one signing key and the real authorizer verifying against it over
 * HTTP, logging nowhere: what tests that need real authorizer decisions share.
 */
export async function startTestAuthorizer(): Promise<TestAuthorizer> {
  const key = createSigningKey('key-1');
  const jwks = await startJwksServer([key.jwk]);
  const issuer = new TestTokenIssuer(jwks.origin, key);
  const verifier = testVerifier(issuer, jwks.jwksUri);
  await verifier.hydrate();
  const log = { warn: () => undefined, error: () => undefined };
  return {
    issuer,
    authorize: createTokenAuthorizer({ verifier, log }),
    close: () => jwks.close(),
  };
}

/** Collects the authorizer's log entries so tests can check reasons, and that no token is logged. */
export class RecordingLog implements DenialLog {
  readonly entries: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  warn(message: string, extra: Record<string, unknown>) {
    this.entries.push({ level: 'warn', message, extra });
  }
  error(message: string, extra: Record<string, unknown>) {
    this.entries.push({ level: 'error', message, extra });
  }
}
