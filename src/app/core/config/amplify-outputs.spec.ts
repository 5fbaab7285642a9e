import { validOutputs } from '../../../testing/fixtures';
import { gatewaySettings, InvalidOutputsError, parseAmplifyOutputs } from './amplify-outputs';

describe('parseAmplifyOutputs', () => {
  it('accepts valid outputs and trims the API URL', () => {
    const outputs = parseAmplifyOutputs(
      validOutputs({ userPoolEndpoint: 'http://127.0.0.1:9229' }),
    );
    expect(gatewaySettings(outputs)).toEqual({
      apiUrl: 'http://127.0.0.1:3000',
      region: 'us-east-1',
      userPoolEndpoint: 'http://127.0.0.1:9229',
    });
  });

  it('names every missing or invalid field', () => {
    const raw = validOutputs() as Record<string, unknown>;
    delete (raw['auth'] as Record<string, unknown>)['oauth'];
    (raw['custom'] as { mlGateway: { apiUrl: string } }).mlGateway.apiUrl = 'not a url';
    expect(() => parseAmplifyOutputs(raw)).toThrow(InvalidOutputsError);
    try {
      parseAmplifyOutputs(raw);
    } catch (error) {
      expect((error as Error).message).toContain('auth.oauth');
      expect((error as Error).message).toContain('custom.mlGateway.apiUrl');
    }
  });

  it('names wrong values inside lists, literals and optional fields', () => {
    const raw = validOutputs({ userPoolEndpoint: 'ftp://example.com' }) as {
      auth: { oauth: Record<string, unknown>; user_pool_id: string };
    };
    raw.auth.oauth['response_type'] = 'token';
    raw.auth.oauth['redirect_sign_in_uri'] = [];
    raw.auth.oauth['redirect_sign_out_uri'] = ['http://ok.example/', 'nope'];
    raw.auth.user_pool_id = '';
    expect(() => parseAmplifyOutputs(raw)).toThrow(
      [
        'amplify_outputs.json is not usable:',
        'auth.user_pool_id: must not be empty',
        'auth.oauth.redirect_sign_in_uri: must not be empty',
        'auth.oauth.redirect_sign_out_uri: item 1: invalid URL',
        'auth.oauth.response_type: expected "code"',
        'custom.mlGateway.userPoolEndpoint: expected an http(s) URL',
      ].join('\n'),
    );
  });

  it('rejects something that is not an object', () => {
    expect(() => parseAmplifyOutputs('hello')).toThrow(/not usable/);
  });
});
