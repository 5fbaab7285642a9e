/** Test doubles and fixtures shared by the app's unit tests (not part of the build). */
import type { AmplifyAuthApi, AuthHubEvent } from '../app/core/auth/amplify-auth-api';

/** A valid outputs document, as local mode writes it. */
export function validOutputs(overrides: { userPoolEndpoint?: string } = {}) {
  return {
    version: '1.4',
    auth: {
      aws_region: 'us-east-1',
      user_pool_id: 'us-east-1_local',
      user_pool_client_id: 'client123',
      oauth: {
        identity_providers: [],
        domain: '127.0.0.1:8443',
        scopes: ['openid', 'email', 'profile'],
        redirect_sign_in_uri: ['http://127.0.0.1:4200/'],
        redirect_sign_out_uri: ['http://127.0.0.1:4200/sign-in'],
        response_type: 'code',
      },
    },
    custom: {
      mlGateway: {
        apiUrl: 'http://127.0.0.1:3000/',
        region: 'us-east-1',
        ...overrides,
      },
    },
  };
}

/** A session as `fetchAuthSession` returns it, for a user in `groups`. */
export function sessionFor(groups: readonly string[], token = 'access-token-1') {
  return {
    tokens: {
      accessToken: {
        payload: { sub: 'sub-1', username: 'alice', 'cognito:groups': [...groups] },
        toString: () => token,
      },
      idToken: { payload: { email: 'alice@example.com' }, toString: () => 'id-token' },
    },
  };
}

/** A scriptable stand-in for Amplify's auth calls and Hub. */
export class FakeAmplifyAuth {
  session: unknown = { tokens: undefined };
  refreshedSession: unknown;
  readonly calls: { name: string; args: unknown[] }[] = [];
  private listener?: (event: AuthHubEvent) => void;

  readonly api: AmplifyAuthApi = {
    fetchAuthSession: (async (options?: { forceRefresh?: boolean }) => {
      this.calls.push({ name: 'fetchAuthSession', args: [options] });
      return options?.forceRefresh && this.refreshedSession ? this.refreshedSession : this.session;
    }) as AmplifyAuthApi['fetchAuthSession'],
    signInWithRedirect: (async (input: unknown) => {
      this.calls.push({ name: 'signInWithRedirect', args: [input] });
    }) as AmplifyAuthApi['signInWithRedirect'],
    signOut: (async (input: unknown) => {
      this.calls.push({ name: 'signOut', args: [input] });
    }) as AmplifyAuthApi['signOut'],
    listen: (listener) => {
      this.listener = listener;
      return () => (this.listener = undefined);
    },
  };

  emit(event: AuthHubEvent): void {
    this.listener?.(event);
  }
}
