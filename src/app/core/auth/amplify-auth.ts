import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub, parseAmplifyConfig } from 'aws-amplify/utils';

import { type AmplifyOutputs, gatewaySettings } from '../config/amplify-outputs';
import type { AmplifyAuthApi, AuthHubEvent } from './amplify-auth-api';
import { keepTokensForBrowserSession } from './token-storage';

/**
 * Configures Amplify JS once from validated outputs and returns the auth calls the app uses.
 * Loaded lazily (its own chunk), so the first page renders before Amplify is downloaded.
 * Importing `signInWithRedirect` here, before `configure`, lets Amplify complete a sign-in
 * redirect as soon as it is configured.
 */
export function createAmplifyAuth(outputs: AmplifyOutputs): AmplifyAuthApi {
  const config = parseAmplifyConfig(outputs);
  const cognito = config.Auth?.Cognito;
  if (!cognito?.userPoolId) throw new Error('amplify_outputs.json has no Cognito user pool');
  // Local mode points Amplify at the Cognito emulator; the outputs format has no field for it.
  const { userPoolEndpoint } = gatewaySettings(outputs);
  if (userPoolEndpoint) cognito.userPoolEndpoint = userPoolEndpoint;
  Amplify.configure(config);
  // After configure, which resets the token storage to localStorage; synchronously, so before a
  // sign-in redirect that configure starts to complete can store its tokens.
  keepTokensForBrowserSession(cognito.userPoolClientId, globalThis.localStorage);
  return {
    fetchAuthSession,
    signInWithRedirect,
    signOut,
    listen: (listener) => Hub.listen('auth', ({ payload }) => listener(payload as AuthHubEvent)),
  };
}
