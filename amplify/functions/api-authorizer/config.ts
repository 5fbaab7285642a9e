import { AuthorizerConfigError } from './errors.ts';

/** Where the authorizer's tokens come from and who they must be for. Read once, at init. */
export interface AuthorizerConfig {
  readonly userPoolId: string;
  /** The app client the access token must name in `client_id`. */
  readonly clientId: string;
  /** Exact `iss` the token must carry. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** True only for the explicit local override (`JWT_ISSUER` + `JWKS_URI`), which may use http. */
  readonly localIssuer: boolean;
}

// Cognito pool ids are `<region>_<id>`; cognito-local uses `local_<id>`.
const USER_POOL_ID = /^[a-z0-9-]+_[0-9a-zA-Z]+$/;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new AuthorizerConfigError(`${name} is required (set by amplify/backend.ts)`);
  return value;
}

function url(name: string, value: string): URL {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
    return parsed;
  } catch {
    throw new AuthorizerConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
}

/**
 * Reads and validates the authorizer's environment.
 *
 * - `USER_POOL_ID`, `USER_POOL_CLIENT_ID`: required; the issuer and JWKS URI follow from the pool.
 * - `JWT_ISSUER` + `JWKS_URI`: optional, together, for the local Cognito emulator, which serves
 *   its JWKS over http at `<origin>/<poolId>/.well-known/jwks.json` with issuer `<origin>/<poolId>`.
 *
 * @throws AuthorizerConfigError naming the variable that is missing or wrong.
 */
export function loadAuthorizerConfig(env: NodeJS.ProcessEnv = process.env): AuthorizerConfig {
  const userPoolId = required(env, 'USER_POOL_ID');
  if (!USER_POOL_ID.test(userPoolId)) {
    throw new AuthorizerConfigError(
      `USER_POOL_ID must look like "<region>_<id>", got "${userPoolId}"`,
    );
  }
  const clientId = required(env, 'USER_POOL_CLIENT_ID');
  const issuer = env['JWT_ISSUER']?.trim();
  const jwksUri = env['JWKS_URI']?.trim();
  if (issuer || jwksUri) {
    if (!issuer || !jwksUri) {
      throw new AuthorizerConfigError(
        'JWT_ISSUER and JWKS_URI go together (local Cognito emulator); set both or neither',
      );
    }
    url('JWT_ISSUER', issuer);
    url('JWKS_URI', jwksUri);
    return { userPoolId, clientId, issuer, jwksUri, localIssuer: true };
  }
  const region = userPoolId.slice(0, userPoolId.indexOf('_'));
  const cognitoIssuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return {
    userPoolId,
    clientId,
    issuer: cognitoIssuer,
    jwksUri: `${cognitoIssuer}/.well-known/jwks.json`,
    localIssuer: false,
  };
}
