import { FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

/** How long one JWKS request may take; the authorizer itself has 5 s. */
export const JWKS_FETCH_TIMEOUT_MS = 2000;
/** After a failed JWKS request, no new request for this long: requests are denied meanwhile. */
export const JWKS_FAILURE_BACKOFF_MS = 10_000;
/** Largest JWKS body accepted (Cognito's is under 1 KB). */
export const JWKS_MAX_BYTES = 65_536;

/**
 * Fetches the JWKS for aws-jwt-verify's cache. Compared with the library's own fetcher it adds a
 * back-off after failures (an unreachable JWKS must not turn every request into a slow network
 * call) and allows `http:` only for the explicit local-emulator override.
 */
export class JwksFetcher implements Fetcher {
  readonly #allowHttp: boolean;
  readonly #fetch: typeof globalThis.fetch;
  #blockedUntil = 0;

  /**
   * @param options.allowHttp true only for the local emulator's JWKS.
   * @param options.fetch the HTTP client; tests pass one that reaches a local HTTPS server.
   *   @default globalThis.fetch
   */
  constructor(options: { allowHttp: boolean; fetch?: typeof globalThis.fetch }) {
    this.#allowHttp = options.allowHttp;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async fetch(uri: string): Promise<ArrayBuffer> {
    const protocol = new URL(uri).protocol;
    if (protocol !== 'https:' && !(this.#allowHttp && protocol === 'http:')) {
      throw new FetchError(uri, `JWKS URI must use https (got ${protocol})`);
    }
    if (Date.now() < this.#blockedUntil) {
      throw new FetchError(uri, 'JWKS fetch backing off after a failure');
    }
    try {
      const response = await this.#fetch(uri, {
        signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS),
        redirect: 'error',
      });
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      const body = await response.arrayBuffer();
      if (body.byteLength > JWKS_MAX_BYTES) throw new Error(`body over ${JWKS_MAX_BYTES} bytes`);
      return body;
    } catch (error) {
      this.#blockedUntil = Date.now() + JWKS_FAILURE_BACKOFF_MS;
      throw new FetchError(uri, (error as Error).message);
    }
  }
}
