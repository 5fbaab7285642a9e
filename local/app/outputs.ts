import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { GROUPS } from '../../amplify/contract/groups.ts';
import { OAUTH_SCOPES } from '../identity/pool.ts';

/** What the local `amplify_outputs.json` describes. */
export interface LocalOutputsInput {
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The https hosted UI as `host:port` (Amplify JS always prefixes `https://`). */
  readonly oauthDomain: string;
  /** The app's origin; sign-in and sign-out both return to `<origin>/`. */
  readonly appOrigin: string;
  /** The API stage URL. */
  readonly apiUrl: string;
  /** cognito-local's endpoint, which Amplify JS calls instead of `cognito-idp.<region>`. */
  readonly userPoolEndpoint: string;
}

/** The app's sign-in and sign-out return address in local mode. */
export const appReturnUrl = (appOrigin: string): string => `${appOrigin}/`;

/**
 * The Amplify outputs (schema version 1.4) for local mode, plus `custom.mlGateway` as
 * docs/api.md defines it. `identity_providers` lists only social providers, so `EntraID` does
 * not appear: the app names it in `signInWithRedirect`.
 */
function localAmplifyOutputs(input: LocalOutputsInput): Record<string, unknown> {
  return {
    version: '1.4',
    auth: {
      aws_region: input.region,
      user_pool_id: input.userPoolId,
      user_pool_client_id: input.userPoolClientId,
      password_policy: {
        min_length: 12,
        require_lowercase: true,
        require_uppercase: true,
        require_numbers: true,
        require_symbols: true,
      },
      oauth: {
        identity_providers: [],
        domain: input.oauthDomain,
        scopes: OAUTH_SCOPES,
        redirect_sign_in_uri: [appReturnUrl(input.appOrigin)],
        redirect_sign_out_uri: [appReturnUrl(input.appOrigin)],
        response_type: 'code',
      },
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'NONE',
      mfa_methods: [],
      groups: GROUPS.map((group, precedence) => ({ [group]: { precedence } })),
    },
    custom: {
      mlGateway: {
        apiUrl: input.apiUrl,
        region: input.region,
        userPoolEndpoint: input.userPoolEndpoint,
      },
    },
  };
}

/**
 * Writes the local outputs to `<dir>/amplify_outputs.json` and returns the file's path. Local
 * mode keeps it under `.local/`, apart from the repository-root file `ampx sandbox` writes.
 */
export function writeLocalOutputs(dir: string, input: LocalOutputsInput): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'amplify_outputs.json');
  writeFileSync(file, `${JSON.stringify(localAmplifyOutputs(input), null, 2)}\n`);
  return file;
}
