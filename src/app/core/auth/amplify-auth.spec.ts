import { Amplify } from 'aws-amplify';
import { validOutputs } from '../../../testing/fixtures';
import { parseAmplifyOutputs } from '../config/amplify-outputs';
import { createAmplifyAuth } from './amplify-auth';

describe('createAmplifyAuth', () => {
  it('configures Amplify from the outputs and points it at the local Cognito emulator', () => {
    createAmplifyAuth(
      parseAmplifyOutputs(validOutputs({ userPoolEndpoint: 'http://127.0.0.1:9229' })),
    );
    const cognito = Amplify.getConfig().Auth?.Cognito;
    expect(cognito?.userPoolId).toBe('us-east-1_local');
    expect(cognito?.userPoolClientId).toBe('client123');
    expect(cognito?.userPoolEndpoint).toBe('http://127.0.0.1:9229');
    expect(cognito?.loginWith?.oauth?.domain).toBe('127.0.0.1:8443');
    expect(cognito?.loginWith?.oauth?.responseType).toBe('code');
  });

  it('leaves the Cognito endpoint alone outside local mode', () => {
    createAmplifyAuth(parseAmplifyOutputs(validOutputs()));
    expect(Amplify.getConfig().Auth?.Cognito?.userPoolEndpoint).toBeUndefined();
  });
});
