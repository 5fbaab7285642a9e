import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  CUSTOM_HTTP_FILE,
  hostedCustomHttp,
  HOSTING_REGION,
} from '../../scripts/hosting/custom-http.ts';
import {
  contentSecurityPolicy,
  hostedSecurityHeaders,
  InvalidCspSourceError,
  localSecurityHeaders,
  regionConnectSources,
} from './security-headers.ts';

/** The CSP's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const hosted = hostedSecurityHeaders(regionConnectSources('eu-west-1'));
const csp = directives(hosted['Content-Security-Policy']!);

describe('the hosted Content-Security-Policy', () => {
  it('runs only scripts from the app itself: no inline script, no eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(hosted['Content-Security-Policy']).not.toMatch(
      /unsafe-eval|strict-dynamic|\bdata:.*script/,
    );
  });

  it('lets the app connect only to itself and the region API Gateway and Cognito hosts', () => {
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'https://*.execute-api.eu-west-1.amazonaws.com',
      'https://cognito-idp.eu-west-1.amazonaws.com',
      'https://cognito-identity.eu-west-1.amazonaws.com',
      'https://*.auth.eu-west-1.amazoncognito.com',
    ]);
  });

  it('forbids framing, plugins and foreign base URLs and form targets', () => {
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });

  it('has no source that allows any host', () => {
    for (const [name, sources] of csp)
      for (const source of sources) expect(source, name).not.toMatch(/^(\*|https?:|data:\*)$/);
  });
});

describe('the other hosted security headers', () => {
  it('sets HSTS for two years, nosniff, no referrer, deny framing and a Permissions-Policy', () => {
    expect(hosted).toMatchObject({
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    expect(hosted['Permissions-Policy']).toMatch(/camera=\(\).*microphone=\(\)/);
  });
});

describe('connect-src sources are checked', () => {
  it.each([
    '*',
    'https:',
    'https://*',
    'https://*.com',
    'https://*.amazonaws.com',
    'https://*.example.com',
    'http://api.example.com',
    'https://api.example.com/path',
    "'unsafe-inline'",
    'http://localhost:3000',
  ])('rejects %s for the hosted app', (source) => {
    expect(() => hostedSecurityHeaders([source])).toThrow(InvalidCspSourceError);
  });

  it('accepts exact https hosts and one-service wildcards', () => {
    expect(() =>
      hostedSecurityHeaders([
        'https://abc123.execute-api.eu-west-1.amazonaws.com',
        'https://ml.example.com',
      ]),
    ).not.toThrow();
  });

  it('rejects a region that is not one', () => {
    expect(() => regionConnectSources('*')).toThrow(/not an AWS region/);
    expect(() => regionConnectSources('eu-west-1.evil.com')).toThrow(InvalidCspSourceError);
  });
});

describe('local mode headers', () => {
  const local = localSecurityHeaders(['http://127.0.0.1:3100', 'https://localhost:8443']);

  it('are the hosted headers with the local origins, except HSTS', () => {
    const { 'Strict-Transport-Security': hsts, ...rest } = hosted;
    expect(hsts).toBeDefined();
    expect(local['Strict-Transport-Security']).toBeUndefined();
    expect(Object.keys(local).sort()).toEqual(Object.keys(rest).sort());
    for (const [name, value] of Object.entries(rest))
      if (name !== 'Content-Security-Policy') expect(local[name], name).toBe(value);
    expect(local['Content-Security-Policy']).toBe(
      contentSecurityPolicy(['http://127.0.0.1:3100', 'https://localhost:8443']),
    );
  });

  it('accept only loopback origins with a port or https hosts', () => {
    expect(() => localSecurityHeaders(['http://127.0.0.1'])).toThrow(InvalidCspSourceError);
    expect(() => localSecurityHeaders(['http://192.168.1.5:3100'])).toThrow(InvalidCspSourceError);
    expect(() => localSecurityHeaders(['*'])).toThrow(InvalidCspSourceError);
  });
});

describe('customHttp.yml', () => {
  it('is exactly what scripts/hosting/custom-http.ts renders (regenerate it if this fails)', () => {
    expect(readFileSync(CUSTOM_HTTP_FILE, 'utf8')).toBe(hostedCustomHttp());
  });

  it('serves every header of the module on every path, for the hosting region', () => {
    const text = readFileSync(CUSTOM_HTTP_FILE, 'utf8');
    expect(text).toContain("- pattern: '**'");
    for (const [name, value] of Object.entries(
      hostedSecurityHeaders(regionConnectSources(HOSTING_REGION)),
    )) {
      expect(text).toContain(`- key: '${name}'`);
      expect(text).toMatch(
        new RegExp(`value: ['"]${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`),
      );
    }
  });
});
