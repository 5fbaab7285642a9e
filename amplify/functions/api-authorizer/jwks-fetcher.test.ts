import { FetchError } from 'aws-jwt-verify/error';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  JWKS_FAILURE_BACKOFF_MS,
  JWKS_FETCH_TIMEOUT_MS,
  JWKS_MAX_BYTES,
  JwksFetcher,
} from './jwks-fetcher.ts';

const COGNITO_JWKS =
  'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc123/.well-known/jwks.json';
const JWKS_BODY = JSON.stringify({ keys: [{ kid: 'key-1', kty: 'RSA', n: 'AQAB', e: 'AQAB' }] });

/** A stand-in for the network that records each request and answers with `respond`. */
function recordingFetch(respond: () => Response | Promise<Response>) {
  const requests: { uri: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (uri: string | URL | Request, init?: RequestInit) => {
    requests.push({ uri: String(uri), init });
    return respond();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (error: unknown) => error as FetchError,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('JwksFetcher on the https path production takes', () => {
  it("fetches a Cognito pool's https JWKS, without following redirects and with a timeout", async () => {
    const network = recordingFetch(() => new Response(JWKS_BODY, { status: 200 }));
    const body = await new JwksFetcher({ allowHttp: false, fetch: network.fetch }).fetch(
      COGNITO_JWKS,
    );
    expect(new TextDecoder().decode(body)).toBe(JWKS_BODY);
    expect(network.requests).toHaveLength(1);
    expect(network.requests[0]!.uri).toBe(COGNITO_JWKS);
    // A redirect could point the authorizer at keys an attacker controls.
    expect(network.requests[0]!.init?.redirect).toBe('error');
    expect(network.requests[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('gives up on a JWKS request after JWKS_FETCH_TIMEOUT_MS', async () => {
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    const network = recordingFetch(() => new Response(JWKS_BODY));
    await new JwksFetcher({ allowHttp: false, fetch: network.fetch }).fetch(COGNITO_JWKS);
    expect(timeout).toHaveBeenCalledWith(JWKS_FETCH_TIMEOUT_MS);
    timeout.mockRestore();
  });

  it('refuses an answer other than 200, naming the status', async () => {
    const network = recordingFetch(() => new Response(JWKS_BODY, { status: 203 }));
    const error = await failure(
      new JwksFetcher({ allowHttp: false, fetch: network.fetch }).fetch(COGNITO_JWKS),
    );
    expect(error).toBeInstanceOf(FetchError);
    expect(error.message).toContain('status 203');
  });

  it('accepts a body of JWKS_MAX_BYTES and refuses one byte more', async () => {
    const exact = recordingFetch(() => new Response(new Uint8Array(JWKS_MAX_BYTES)));
    const body = await new JwksFetcher({ allowHttp: false, fetch: exact.fetch }).fetch(
      COGNITO_JWKS,
    );
    expect(body.byteLength).toBe(JWKS_MAX_BYTES);
    const over = recordingFetch(() => new Response(new Uint8Array(JWKS_MAX_BYTES + 1)));
    const error = await failure(
      new JwksFetcher({ allowHttp: false, fetch: over.fetch }).fetch(COGNITO_JWKS),
    );
    expect(error.message).toContain(`body over ${JWKS_MAX_BYTES} bytes`);
  });

  it('after a failure, makes no request for JWKS_FAILURE_BACKOFF_MS, then tries again', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z'), toFake: ['Date'] });
    let status = 500;
    const network = recordingFetch(() => new Response(JWKS_BODY, { status }));
    const fetcher = new JwksFetcher({ allowHttp: false, fetch: network.fetch });
    expect((await failure(fetcher.fetch(COGNITO_JWKS))).message).toContain('status 500');
    status = 200;
    vi.advanceTimersByTime(JWKS_FAILURE_BACKOFF_MS - 1);
    expect((await failure(fetcher.fetch(COGNITO_JWKS))).message).toContain('backing off');
    expect(network.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await expect(fetcher.fetch(COGNITO_JWKS)).resolves.toBeInstanceOf(ArrayBuffer);
    expect(network.requests).toHaveLength(2);
  });
});

describe('JwksFetcher and plain http', () => {
  it('never fetches http for a real pool, nor any other scheme', async () => {
    const network = recordingFetch(() => new Response(JWKS_BODY));
    const fetcher = new JwksFetcher({ allowHttp: false, fetch: network.fetch });
    for (const uri of ['http://127.0.0.1:9/jwks.json', 'file:///etc/passwd', 'ftp://host/jwks'])
      expect((await failure(fetcher.fetch(uri))).message, uri).toMatch(/must use https/);
    expect(network.requests).toEqual([]);
  });

  it('fetches http only with the local-emulator override, and still only http(s)', async () => {
    const network = recordingFetch(() => new Response(JWKS_BODY));
    const fetcher = new JwksFetcher({ allowHttp: true, fetch: network.fetch });
    await expect(fetcher.fetch('http://127.0.0.1:9229/local/jwks.json')).resolves.toBeInstanceOf(
      ArrayBuffer,
    );
    expect((await failure(fetcher.fetch('file:///etc/passwd'))).message).toMatch(/must use https/);
    expect(network.requests.map((request) => request.uri)).toEqual([
      'http://127.0.0.1:9229/local/jwks.json',
    ]);
  });
});
