import type { Fetcher } from 'aws-jwt-verify/https';
import { describe, expect, it } from 'vitest';

import {
  createSigningKey,
  TEST_CLIENT_ID,
  TEST_POOL_ID,
  TestTokenIssuer,
} from '../../../tests/support/cognito-tokens.ts';
import { loadAuthorizerConfig } from './config.ts';
import type { TokenRejectedError } from './errors.ts';
import { createAccessTokenVerifier } from './verifier.ts';

const key = createSigningKey('key-1');
const issuer = new TestTokenIssuer('http://127.0.0.1:9', key);
const config = loadAuthorizerConfig({
  USER_POOL_ID: TEST_POOL_ID,
  USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
  JWT_ISSUER: issuer.issuer,
  JWKS_URI: `http://127.0.0.1:9/${TEST_POOL_ID}/.well-known/jwks.json`,
});

/** A fetcher that counts its calls and fails each with `error`. */
function failingFetcher(error: Error) {
  const fetcher = {
    calls: 0,
    async fetch(): Promise<ArrayBuffer> {
      fetcher.calls++;
      throw error;
    },
  };
  return fetcher satisfies Fetcher;
}

/** A verifier whose JWKS is loaded up front; any fetch fails. */
function offlineVerifier() {
  const fetcher = failingFetcher(new Error('no network in this test'));
  const verifier = createAccessTokenVerifier(config, { fetcher });
  verifier.cacheJwks({ keys: [key.jwk] });
  return { verifier, fetcher };
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'VERIFIED',
    (error: unknown) => (error as TokenRejectedError).reason,
  );

describe('createAccessTokenVerifier', () => {
  it('verifies with a JWKS loaded through cacheJwks, without fetching', async () => {
    const { verifier, fetcher } = offlineVerifier();
    await expect(verifier.verify(issuer.accessToken())).resolves.toMatchObject({
      username: 'entraid_alice@example.com',
    });
    expect(fetcher.calls).toBe(0);
  });

  it('reads the caller: no groups claim means no groups, email and ABAC claims when present', async () => {
    const { verifier } = offlineVerifier();
    const token = issuer.accessToken({ 'cognito:groups': undefined, department: undefined });
    const bare = await verifier.verify(token);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
    };
    expect(bare).toEqual({
      sub: '6b1c2d3e-0000-4000-8000-00000000abcd',
      username: 'entraid_alice@example.com',
      email: '',
      groups: [],
      claims: {},
      // The token's own expiry, passed on so the functions can refuse it after a cached Allow.
      exp,
    });
    const full = await verifier.verify(
      issuer.accessToken({ email: 'alice@example.com', department: 'finance' }),
    );
    expect(full).toMatchObject({ email: 'alice@example.com', claims: { department: 'finance' } });
  });

  it('refuses an email or an ABAC claim that is not a string', async () => {
    const { verifier } = offlineVerifier();
    expect(await reasonOf(verifier.verify(issuer.accessToken({ email: 42 })))).toBe(
      'INVALID_CLAIMS',
    );
    expect(await reasonOf(verifier.verify(issuer.accessToken({ department: ['finance'] })))).toBe(
      'INVALID_CLAIMS',
    );
  });

  it('refuses a token whose key the JWKS publishes for encryption, not signing', async () => {
    const fetcher = failingFetcher(new Error('no network in this test'));
    const verifier = createAccessTokenVerifier(config, { fetcher });
    verifier.cacheJwks({ keys: [{ ...key.jwk, use: 'enc' }] });
    expect(await reasonOf(verifier.verify(issuer.accessToken()))).toBe('INVALID_CLAIMS');
  });

  it('denies with JWKS_UNAVAILABLE when the JWKS is not a JWKS, or holds a broken key', async () => {
    const served = (body: unknown) => ({
      fetch: async () => new TextEncoder().encode(JSON.stringify(body)).buffer as ArrayBuffer,
    });
    for (const [name, body] of [
      ['a document without keys', { keys: 'none' }],
      ['a list', []],
      ['a key without its exponent', { keys: [{ ...key.jwk, e: undefined }] }],
    ] as const) {
      const verifier = createAccessTokenVerifier(config, { fetcher: served(body) });
      expect(await reasonOf(verifier.verify(issuer.accessToken())), name).toBe('JWKS_UNAVAILABLE');
    }
  });

  it('denies a validly signed token whose time claims are not numbers as MALFORMED_TOKEN', async () => {
    const { verifier } = offlineVerifier();
    for (const claim of ['exp', 'iat', 'nbf'])
      expect(await reasonOf(verifier.verify(issuer.accessToken({ [claim]: 'later' }))), claim).toBe(
        'MALFORMED_TOKEN',
      );
  });

  it('denies with UNEXPECTED_ERROR when the JWKS fetch fails in a way the library does not classify', async () => {
    const fetcher = failingFetcher(new TypeError('a bug in the fetcher'));
    const verifier = createAccessTokenVerifier(config, { fetcher });
    expect(await reasonOf(verifier.verify(issuer.accessToken()))).toBe('UNEXPECTED_ERROR');
    expect(fetcher.calls).toBe(1);
  });
});
