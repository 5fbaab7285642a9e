import { describe, expect, it } from 'vitest';

import { hostedSecurityHeaders } from '../../amplify/hosting/security-headers.ts';
import {
  environmentConnectSources,
  EnvironmentCspError,
  withConnectSrcMeta,
} from './environment-csp.ts';

/** The parts of a branch's amplify_outputs.json the CSP reads. */
const outputs = (overrides: { region?: string; apiUrl?: string; domain?: string } = {}) => ({
  version: '1.4',
  auth: {
    aws_region: overrides.region ?? 'eu-west-1',
    user_pool_id: 'eu-west-1_abc',
    user_pool_client_id: 'client',
    identity_pool_id: 'eu-west-1:1111',
    oauth: { domain: overrides.domain ?? 'ml-gateway.auth.eu-west-1.amazoncognito.com' },
  },
  custom: {
    mlGateway: {
      apiUrl: overrides.apiUrl ?? 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod/',
      region: 'eu-west-1',
    },
  },
});

describe('environmentConnectSources', () => {
  it("names exactly this environment's API, Cognito APIs and hosted-UI domain", () => {
    expect(environmentConnectSources(outputs(), 'eu-west-1')).toEqual([
      'https://a1b2c3.execute-api.eu-west-1.amazonaws.com',
      'https://cognito-idp.eu-west-1.amazonaws.com',
      'https://cognito-identity.eu-west-1.amazonaws.com',
      'https://ml-gateway.auth.eu-west-1.amazoncognito.com',
    ]);
  });

  it('gives sources the hosted policy accepts', () => {
    expect(() =>
      hostedSecurityHeaders(environmentConnectSources(outputs(), 'eu-west-1')),
    ).not.toThrow();
  });

  it('fails the build when the backend is in another region than customHttp.yml allows', () => {
    expect(() => environmentConnectSources(outputs({ region: 'us-west-2' }), 'eu-west-1')).toThrow(
      /region us-west-2, but customHttp.yml allows eu-west-1: set HOSTING_REGION/,
    );
  });

  it.each([
    [
      'an API outside API Gateway',
      { apiUrl: 'https://api.example.com/' },
      /not an API Gateway host/,
    ],
    ['an http API', { apiUrl: 'http://a1.execute-api.eu-west-1.amazonaws.com/' }, /apiUrl/],
    ['a foreign auth domain', { domain: 'login.example.com' }, /not a Cognito hosted-UI domain/],
  ])('rejects %s', (_name, overrides, message) => {
    expect(() => environmentConnectSources(outputs(overrides), 'eu-west-1')).toThrow(message);
  });

  it('names what is missing from incomplete outputs', () => {
    expect(() =>
      environmentConnectSources({ auth: { aws_region: 'eu-west-1' } }, 'eu-west-1'),
    ).toThrow(EnvironmentCspError);
    expect(() => environmentConnectSources({ auth: {} }, 'eu-west-1')).toThrow(
      /auth\.aws_region.*custom/,
    );
  });
});

describe('withConnectSrcMeta', () => {
  const page =
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8"/>\n  </head><body><script src="main.js" type="module"></script></body></html>';

  it('puts the policy at the top of <head>, after the charset and before any script', () => {
    const html = withConnectSrcMeta(page, ['https://a.example.com']);
    expect(html).toContain(
      '<meta charset="utf-8"/><meta http-equiv="Content-Security-Policy" content="connect-src \'self\' https://a.example.com">\n  </head>',
    );
    expect(withConnectSrcMeta('<html><head><title>x</title></head></html>', [])).toBe(
      '<html><head><meta http-equiv="Content-Security-Policy" content="connect-src \'self\'"><title>x</title></head></html>',
    );
  });

  it('replaces its earlier tag when run twice', () => {
    const twice = withConnectSrcMeta(withConnectSrcMeta(page, ['https://a.example.com']), [
      'https://b.example.com',
    ]);
    expect(twice.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(twice).toContain('https://b.example.com');
    expect(twice).not.toContain('https://a.example.com');
  });

  it('fails on a page without <head>', () => {
    expect(() => withConnectSrcMeta('<html><body></body></html>', [])).toThrow(/no <head>/);
  });
});
