import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateLocalCertificate, type LocalCertificate } from './certificate.ts';
import { cognitoCall } from './cognito-api.ts';
import { type CognitoLocal, startCognitoLocal } from './cognito-local.ts';
import { type HostedUi, startHostedUi } from './hosted-ui.ts';
import { type LocalUserPool, passwordSignIn, provisionUserPool } from './pool.ts';

const APP = 'http://127.0.0.1:4999';
const ROTATION_GRACE_MS = 300;
const CALLBACK = `${APP}/`;
let dataDir: string;
let cognito: CognitoLocal;
let pool: LocalUserPool;
let certificate: LocalCertificate;
let hostedUi: HostedUi;

beforeAll(async () => {
  // The OS temp dir: a fresh clone has no .local/ yet.
  dataDir = mkdtempSync(path.join(tmpdir(), 'ml-gateway-hosted-ui-test-'));
  // A short rotation grace (the app client's is ROTATION_GRACE_SECONDS) so a test can outwait it.
  cognito = await startCognitoLocal({
    port: 0,
    dataDir,
    refreshRotationGraceMs: ROTATION_GRACE_MS,
  });
  pool = await provisionUserPool(cognito.endpoint, {
    callbackUrls: [CALLBACK],
    logoutUrls: [CALLBACK],
  });
  certificate = await generateLocalCertificate();
  hostedUi = await startHostedUi({
    port: 0,
    cognitoEndpoint: cognito.endpoint,
    userPoolId: pool.userPoolId,
    certificate,
    users: pool.users,
    appOrigins: [APP],
  });
}, 60_000);

afterAll(async () => {
  await hostedUi?.stop();
  await cognito?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An https request that trusts exactly the hosted UI's generated certificate. */
function https(
  pathAndQuery: string,
  init: { method?: string; form?: Record<string, string> } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const req = request(new URL(pathAndQuery, hostedUi.url), {
      method: init.method ?? (body ? 'POST' : 'GET'),
      ca: certificate.cert,
      headers: body
        ? { 'content-type': 'application/x-www-form-urlencoded', origin: APP }
        : { origin: APP },
    });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const authorizeFields = () => ({
  client_id: pool.userPoolClientId,
  redirect_uri: CALLBACK,
  response_type: 'code',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  scope: 'openid email',
  state: 'state-"><script>alert(1)</script>',
});

describe('hosted UI sign-in page', () => {
  it('stands in for Entra ID, over TLS with the generated certificate, escaping what it echoes', async () => {
    const query = new URLSearchParams({ ...authorizeFields(), identity_provider: 'EntraID' });
    const page = await https(`/oauth2/authorize?${query}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('stands in for <strong>Microsoft Entra ID</strong>');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('state-&quot;&gt;&lt;script&gt;');
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${APP}`);
  });

  it('refuses a redirect URI the app client did not register', async () => {
    const query = new URLSearchParams({
      ...authorizeFields(),
      redirect_uri: 'https://evil.example/',
    });
    expect((await https(`/oauth2/authorize?${query}`)).status).toBe(400);
  });

  it('shows the page again on a wrong password', async () => {
    const answer = await https('/oauth2/authorize', {
      form: { ...authorizeFields(), username: 'mluser', password: 'wrong' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Incorrect username or password.');
  });
});

describe('authorization code flow with PKCE', () => {
  it('redirects with a code that the token endpoint exchanges for the user’s tokens', async () => {
    const signIn = await https('/oauth2/authorize', {
      form: { ...authorizeFields(), username: 'admin', password: 'Local-Admin-1!' },
    });
    expect(signIn.status).toBe(302);
    const location = new URL(String(signIn.headers['location']));
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe(authorizeFields().state);
    const code = location.searchParams.get('code')!;

    const exchange = (code_verifier: string) =>
      https('/oauth2/token', {
        form: {
          grant_type: 'authorization_code',
          client_id: pool.userPoolClientId,
          redirect_uri: CALLBACK,
          code,
          code_verifier,
        },
      });
    const tokens = await exchange(verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.headers['access-control-allow-origin']).toBeDefined();
    const { access_token } = JSON.parse(tokens.body) as { access_token: string };
    const claims = JSON.parse(
      Buffer.from(access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims['username']).toBe('admin');
    expect(claims['cognito:groups']).toEqual(['Administrators']);
    expect(claims['iss']).toBe(`${cognito.endpoint}/${pool.userPoolId}`);
    // Token revocation is on: the access token names its refresh token.
    const { refresh_token } = JSON.parse(tokens.body) as { refresh_token: string };
    expect(claims['origin_jti']).toBe(
      (
        JSON.parse(Buffer.from(refresh_token.split('.')[1]!, 'base64url').toString()) as {
          jti: string;
        }
      ).jti,
    );
    // One hour, as the deployed app client.
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(3600);
    // A code is good for one exchange only.
    expect((await exchange(verifier)).status).toBe(400);
  });

  it('refuses a code_verifier that does not match the challenge', async () => {
    const signIn = await https('/oauth2/authorize', {
      form: { ...authorizeFields(), username: 'mluser', password: 'Local-MLUser-1!' },
    });
    const code = new URL(String(signIn.headers['location'])).searchParams.get('code')!;
    const answer = await https('/oauth2/token', {
      form: {
        grant_type: 'authorization_code',
        client_id: pool.userPoolClientId,
        redirect_uri: CALLBACK,
        code,
        code_verifier: randomBytes(32).toString('base64url'),
      },
    });
    expect(answer.status).toBe(400);
  });
});

describe('sign-out', () => {
  it('returns to a registered logout URI and refuses any other', async () => {
    const ok = await https(
      `/logout?${new URLSearchParams({ client_id: pool.userPoolClientId, logout_uri: CALLBACK })}`,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers['location']).toBe(CALLBACK);
    const refused = await https(
      `/logout?${new URLSearchParams({ client_id: pool.userPoolClientId, logout_uri: 'https://evil.example/' })}`,
    );
    expect(refused.status).toBe(400);
  });
});

describe('the Cognito API front', () => {
  it('answers GlobalSignOut (which cognito-local lacks) for a valid access token only', async () => {
    const signOut = (AccessToken: string) =>
      fetch(`${cognito.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GlobalSignOut',
        },
        body: JSON.stringify({ AccessToken }),
      });
    const token = await passwordSignIn(
      cognito.endpoint,
      pool.userPoolClientId,
      'mluser',
      'Local-MLUser-1!',
    );
    const accepted = await signOut(token);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await signOut(`${token.slice(0, -4)}AAAA`);
    expect(refused.status).toBe(400);
  });

  it('forwards the rest to cognito-local, whose tokens name the front as issuer', async () => {
    const token = await passwordSignIn(
      cognito.endpoint,
      pool.userPoolClientId,
      'readonly',
      'Local-ReadOnly-1!',
    );
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iss: string;
    };
    expect(claims.iss).toBe(`${cognito.endpoint}/${pool.userPoolId}`);
    const jwks = await fetch(`${claims.iss}/.well-known/jwks.json`);
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });
});

describe('token refresh through the front', () => {
  const refresh = (RefreshToken: string) =>
    fetch(`${cognito.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
      },
      body: JSON.stringify({ ClientId: pool.userPoolClientId, RefreshToken }),
    });

  it('answers GetTokensFromRefreshToken (which cognito-local lacks) with new tokens', async () => {
    const signedIn = await cognitoCall<{ AuthenticationResult: { RefreshToken: string } }>(
      cognito.endpoint,
      'InitiateAuth',
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.userPoolClientId,
        AuthParameters: { USERNAME: 'mluser', PASSWORD: 'Local-MLUser-1!' },
      },
    );
    const response = await refresh(signedIn.AuthenticationResult.RefreshToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { AuthenticationResult: { AccessToken: string } };
    const claims = JSON.parse(
      Buffer.from(body.AuthenticationResult.AccessToken.split('.')[1]!, 'base64url').toString(),
    ) as { username: string; token_use: string };
    expect(claims).toMatchObject({ username: 'mluser', token_use: 'access' });
  });

  it('refuses an unknown refresh token as Cognito does', async () => {
    const response = await refresh('not-a-refresh-token');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
  });
});

describe('token revocation (EnableTokenRevocation) through the front', () => {
  interface Tokens {
    AccessToken: string;
    IdToken: string;
    RefreshToken: string;
  }
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
  const call = (action: string, input: Record<string, unknown>) =>
    fetch(`${cognito.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(input),
    });
  const signIn = async (username = 'mluser', password = 'Local-MLUser-1!') =>
    (
      await cognitoCall<{ AuthenticationResult: Tokens }>(cognito.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.userPoolClientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      })
    ).AuthenticationResult;
  const refreshWith = (RefreshToken: string) =>
    call('GetTokensFromRefreshToken', { ClientId: pool.userPoolClientId, RefreshToken });
  const revoke = (Token: string) => call('RevokeToken', { ClientId: pool.userPoolClientId, Token });

  it('names the refresh token in origin_jti of the access and ID tokens, which still verify', async () => {
    const tokens = await signIn();
    const origin = claimsOf(tokens.RefreshToken)['jti'];
    expect(origin).toEqual(expect.any(String));
    // Amplify's signOut() calls RevokeToken only when the access token has origin_jti.
    expect(claimsOf(tokens.AccessToken)['origin_jti']).toBe(origin);
    expect(claimsOf(tokens.IdToken)['origin_jti']).toBe(origin);
    const refreshed = (await (await refreshWith(tokens.RefreshToken)).json()) as {
      AuthenticationResult: Tokens;
    };
    expect(claimsOf(refreshed.AuthenticationResult.AccessToken)['origin_jti']).toBe(origin);
    // Re-signed with cognito-local's key: the front still accepts it as a signed access token.
    const signOut = await call('GlobalSignOut', {
      AccessToken: refreshed.AuthenticationResult.AccessToken,
    });
    expect(signOut.status).toBe(200);
  });

  it('answers RevokeToken, after which the refresh token no longer refreshes', async () => {
    const tokens = await signIn();
    const other = await signIn();
    const revoked = await revoke(tokens.RefreshToken);
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('access-control-allow-origin')).toBe('*');
    const answer = await refreshWith(tokens.RefreshToken);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    // Another session of the same user is not affected, as in Cognito.
    expect((await refreshWith(other.RefreshToken)).status).toBe(200);
  });

  it('revoking a rotated refresh token ends its whole session', async () => {
    const tokens = await signIn();
    const rotated = (await (await refreshWith(tokens.RefreshToken)).json()) as {
      AuthenticationResult: Tokens;
    };
    const successor = rotated.AuthenticationResult.RefreshToken;
    expect(claimsOf(rotated.AuthenticationResult.AccessToken)['origin_jti']).toBe(
      claimsOf(tokens.RefreshToken)['jti'],
    );
    expect((await revoke(successor)).status).toBe(200);
    expect((await refreshWith(successor)).status).toBe(400);
  });

  it('refuses a revoked refresh token at the token endpoint too', async () => {
    const tokens = await signIn('readonly', 'Local-ReadOnly-1!');
    const grant = () =>
      https('/oauth2/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: pool.userPoolClientId,
          refresh_token: tokens.RefreshToken,
        },
      });
    await revoke(tokens.RefreshToken);
    const answer = await grant();
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_grant' });
  });

  it('ignores a forged refresh token: RevokeToken answers but revokes nothing', async () => {
    const tokens = await signIn();
    const [header, payload] = tokens.RefreshToken.split('.');
    expect((await revoke(`${header}.${payload}.AAAA`)).status).toBe(200);
    expect((await refreshWith(tokens.RefreshToken)).status).toBe(200);
  });
});

describe('refresh token rotation (RefreshTokenRotation ENABLED) through the front', () => {
  const call = (action: string, input: Record<string, unknown>) =>
    fetch(`${cognito.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(input),
    });
  const signIn = async () =>
    (
      await cognitoCall<{ AuthenticationResult: { RefreshToken: string } }>(
        cognito.endpoint,
        'InitiateAuth',
        {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: pool.userPoolClientId,
          AuthParameters: { USERNAME: 'mluser', PASSWORD: 'Local-MLUser-1!' },
        },
      )
    ).AuthenticationResult.RefreshToken;
  const refresh = async (RefreshToken: string) => {
    const answer = await call('GetTokensFromRefreshToken', {
      ClientId: pool.userPoolClientId,
      RefreshToken,
    });
    return {
      status: answer.status,
      body: (await answer.json()) as {
        AuthenticationResult?: { RefreshToken?: string; AccessToken?: string };
        __type?: string;
      },
    };
  };
  const outwaitGrace = () => new Promise((resolve) => setTimeout(resolve, ROTATION_GRACE_MS + 100));

  it('answers a new refresh token; the old one works within the grace period, then never', async () => {
    const first = await signIn();
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    const second = rotated.body.AuthenticationResult!.RefreshToken!;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(rotated.body.AuthenticationResult!.AccessToken).toEqual(expect.any(String));
    // A client-side retry inside the grace period still succeeds.
    expect((await refresh(first)).status).toBe(200);
    await outwaitGrace();
    const reused = await refresh(first);
    expect(reused.status).toBe(400);
    expect(reused.body.__type).toBe('RefreshTokenReuseException');
    // The newest token keeps the session going, and rotates in turn.
    const third = await refresh(second);
    expect(third.status).toBe(200);
    expect(third.body.AuthenticationResult!.RefreshToken).not.toBe(second);
  });

  it('rotates at the token endpoint too, refusing the old token with invalid_grant', async () => {
    const first = await signIn();
    const grant = (refresh_token: string) =>
      https('/oauth2/token', {
        form: { grant_type: 'refresh_token', client_id: pool.userPoolClientId, refresh_token },
      });
    const answer = await grant(first);
    expect(answer.status).toBe(200);
    const second = (JSON.parse(answer.body) as { refresh_token: string }).refresh_token;
    expect(second).not.toBe(first);
    await outwaitGrace();
    const reused = await grant(first);
    expect(reused.status).toBe(400);
    expect(JSON.parse(reused.body)).toEqual({ error: 'invalid_grant' });
    expect((await grant(second)).status).toBe(200);
  });

  it('refuses REFRESH_TOKEN_AUTH, which Cognito does not allow with rotation on', async () => {
    const answer = await call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: pool.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: await signIn() },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
  });
});
