import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

import { API_KEY_ENV } from '../amplify/api-keys/api-key-table-definition.ts';
import { STAGE_NAME } from '../amplify/contract/gateway.ts';
import { type EnvironmentSettings, loadSettings } from '../amplify/settings/index.ts';
import { type ApiWorker, startApiWorker } from './api/api-worker.ts';
import type { ApiEmulatorStats } from './api/server.ts';
import { type AppBuildMode, ensureAppBuild } from './app/build.ts';
import { appReturnUrl, writeLocalOutputs } from './app/outputs.ts';
import { startStaticServer, type StaticServer } from './app/static-server.ts';
import { type LocalPorts, portsFromEnv, realAwsFromEnv } from './config.ts';
import { createLocalDirectoryTable } from './directory/directory-table.ts';
import { createLocalGroupMappingTable } from './directory/group-mapping-table.ts';
import { LOCAL_GROUP_MAPPING } from './directory/local-group-mapping.ts';
import { generateLocalCertificate } from './identity/certificate.ts';
import { type CognitoLocal, startCognitoLocal } from './identity/cognito-local.ts';
import { type HostedUi, startHostedUi } from './identity/hosted-ui.ts';
import {
  passwordSignIn,
  provisionUserPool,
  SEEDED_USERS,
  type SeededUser,
} from './identity/pool.ts';
import { localAuditEnvironment } from './kms/audit-environment.ts';
import { type LocalKms, startLocalKms } from './kms/kms-server.ts';
import { type LocalModels, startLocalModels } from './models/index.ts';
import { type LocalScimSecret, localScimSecret } from './scim/local-secret.ts';
import { type LocalDynamo, startLocalDynamo } from './usage/dynamo.ts';

/** The repository root (local mode's files live under `<root>/.local`). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Region local mode reports (and the processors use against the local model servers). */
const LOCAL_REGION = 'us-east-1';

/** Settings a test may narrow (e.g. a low throttle); everything else comes from `loadSettings`. */
export interface LocalSettingsOverrides {
  readonly authorizerCacheTtlSeconds?: number;
  readonly api?: Partial<
    Pick<EnvironmentSettings['api'], 'throttleRateLimit' | 'throttleBurstLimit' | 'maxBodyBytes'>
  >;
}

/** Options for {@link startLocalStack}; every one has a default. */
export interface LocalStackOptions {
  /** Ports; by default from `LOCAL_*_PORT` (see local/config.ts). Tests pass 0s. */
  readonly ports?: Partial<LocalPorts>;
  /** Call real Bedrock and SageMaker (no local model servers); default `ML_GATEWAY_REAL_AWS=1`. */
  readonly realAws?: boolean;
  /**
   * The app: `auto` builds it when `src/` is newer than `dist/`, `always` rebuilds, `skip` uses
   * the existing build, `none` serves no app (API tests). Default `auto`.
   */
  readonly app?: AppBuildMode | 'none';
  /** Overrides of the sandbox settings. */
  readonly settings?: LocalSettingsOverrides;
  /**
   * Folder for this stack's state (cognito-local's data, `amplify_outputs.json`). By default a
   * fresh folder under `.local/`, removed by `stop()`.
   */
  readonly stateDir?: string;
  /** Environment to read settings from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A running local stack. */
export interface LocalStack {
  /** The app, `http://127.0.0.1:<port>` (open this). */
  readonly appUrl: string;
  /** The API stage URL, ending in `/` (as `custom.mlGateway.apiUrl`). */
  readonly apiUrl: string;
  /** The https hosted UI, `https://127.0.0.1:<port>`. */
  readonly hostedUiUrl: string;
  /**
   * The hosted UI's self-signed certificate (PEM), generated at start. Node clients pass it as
   * `ca`; browser tests launch chromium with `--ignore-certificate-errors` instead.
   */
  readonly hostedUiCertificate: string;
  /** cognito-local's endpoint (Cognito API and JWKS). */
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  /** The seeded users, one per group, with their passwords. */
  readonly users: readonly SeededUser[];
  /** The generated `amplify_outputs.json`. */
  readonly outputsFile: string;
  /** The effective settings the API emulator enforces. */
  readonly settings: EnvironmentSettings;
  /** Whether the processors call real AWS. */
  readonly realAws: boolean;
  /**
   * What the stack sets in the handlers' environment on top of `process.env` (pool, issuer,
   * origins, model and table endpoints), for running a handler outside the gateway (benchmarks).
   */
  readonly handlerEnvironment: Readonly<Record<string, string | undefined>>;
  /** The SCIM Tenant URL (`<apiUrl>scim/v2`) and the local bearer secret Entra would be given. */
  readonly scim: { readonly url: string; readonly secret: string };
  /** An access token for a seeded user (USER_PASSWORD_AUTH against cognito-local). */
  signIn(username: string): Promise<string>;
  /** The API emulator's counters. */
  apiStats(): Promise<ApiEmulatorStats>;
  /** Stops every server and child process of the stack. */
  stop(): Promise<void>;
}

/** The sandbox settings with overrides, and the local app's origin first in `allowedOrigins`. */
function localSettings(
  appOrigin: string,
  overrides: LocalSettingsOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): EnvironmentSettings {
  const base = loadSettings(env, { environment: 'sandbox' });
  return {
    ...base,
    // First, so gateway and web ACL answers carry it (`primaryOrigin`) unless an https origin is set.
    allowedOrigins: [appOrigin, ...base.allowedOrigins.filter((origin) => origin !== appOrigin)],
    authorizerCacheTtlSeconds:
      overrides.authorizerCacheTtlSeconds ?? base.authorizerCacheTtlSeconds,
    api: { ...base.api, ...overrides.api },
  };
}

/**
 * Starts the whole stack on 127.0.0.1: the app's static server, cognito-local with the pool,
 * app client, groups and seeded users, the https hosted UI, the local model servers (unless
 * `realAws`), the usage tables (dynalite) and the API emulator running the real authorizer and
 * processors. Resolves when everything answers; on failure stops what it started and rejects.
 *
 * @example
 * const stack = await startLocalStack({ ports: { app: 0, api: 0, hostedUi: 0, cognito: 0 }, app: 'none' });
 * const token = await stack.signIn('mluser');
 * await fetch(`${stack.apiUrl}ml/models`, { headers: { authorization: `Bearer ${token}` } });
 * await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const ports = { ...portsFromEnv(env), ...options.ports };
  const realAws = options.realAws ?? realAwsFromEnv(env);
  const appMode = options.app ?? 'auto';
  mkdirSync(path.join(REPO_ROOT, '.local'), { recursive: true });
  const ownsStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(path.join(REPO_ROOT, '.local', 'stack-'));
  const cognitoDir = path.join(stateDir, 'cognito');
  rmSync(cognitoDir, { recursive: true, force: true });

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) =>
        console.error('local stack: stop failed:', error instanceof Error ? error.message : error),
      );
    }
    if (ownsStateDir) rmSync(stateDir, { recursive: true, force: true });
  };

  // The build runs while the servers start.
  const build =
    appMode === 'none' ? Promise.resolve(undefined) : ensureAppBuild(REPO_ROOT, appMode);
  build.catch(() => undefined);
  try {
    const app: StaticServer = await startStaticServer(ports.app);
    stops.push(() => app.stop());
    const settings = localSettings(app.origin, options.settings, env);

    const cognito: CognitoLocal = await startCognitoLocal({
      port: ports.cognito,
      dataDir: cognitoDir,
    });
    stops.push(() => cognito.stop());
    const pool = await provisionUserPool(cognito.endpoint, {
      callbackUrls: [appReturnUrl(app.origin)],
      logoutUrls: [appReturnUrl(app.origin)],
    });
    const certificate = await generateLocalCertificate();
    const hostedUi: HostedUi = await startHostedUi({
      port: ports.hostedUi,
      cognitoEndpoint: cognito.endpoint,
      userPoolId: pool.userPoolId,
      certificate,
      users: pool.users,
      appOrigins: [app.origin],
    });
    stops.push(() => hostedUi.stop());

    let models: LocalModels | undefined;
    let kms: LocalKms | undefined;
    if (!realAws) {
      models = await startLocalModels();
      stops.push(() => models!.close());
      // The audit trail's key (content capture): a local KMS, like the local model servers.
      kms = await startLocalKms();
      stops.push(() => kms!.close());
    }
    const dynamo: LocalDynamo = await startLocalDynamo();
    stops.push(() => dynamo.stop());
    // SCIM: the directory table, and a secret of this run (LOCAL_SCIM_SECRET to fix one).
    const directoryEnv = await createLocalDirectoryTable(dynamo.client);
    const scimSecret: LocalScimSecret = localScimSecret(env);
    // The group mapping administrators edit (/admin/group-mapping): its own table. With
    // decisions on the directory, it starts with the SCIM fixtures' groups mapped.
    const groupMappingEnv = await createLocalGroupMappingTable(dynamo.client, {
      ...(settings.directoryAccess.decisions === 'on' ? { seed: LOCAL_GROUP_MAPPING } : {}),
    });

    const handlerEnvironment = functionEnvironment({
      settings,
      cognito,
      pool,
      models,
      dynamo,
      realAws,
      kms,
    });
    const api: ApiWorker = await startApiWorker(
      {
        port: ports.api,
        settings,
        api: { region: LOCAL_REGION, accountId: '000000000000', apiId: 'local', stage: STAGE_NAME },
      },
      {
        // Handler logs at WARN and no EMF metrics on the console, unless the developer asks for them.
        POWERTOOLS_LOG_LEVEL: 'WARN',
        POWERTOOLS_METRICS_DISABLED: 'true',
        ...env,
        ...handlerEnvironment,
        ...directoryEnv,
        ...groupMappingEnv,
        SCIM_TOKEN_SHA256: scimSecret.sha256,
      },
    );
    stops.push(() => api.stop());

    const outputsFile = writeLocalOutputs(stateDir, {
      region: realAws ? (env['AWS_REGION'] ?? LOCAL_REGION) : LOCAL_REGION,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      oauthDomain: hostedUi.domain,
      appOrigin: app.origin,
      apiUrl: api.url,
      userPoolEndpoint: cognito.endpoint,
    });
    app.serve({
      root: await build,
      outputsFile,
      connectOrigins: [new URL(api.url).origin, hostedUi.url, cognito.endpoint],
    });

    return {
      appUrl: app.origin,
      apiUrl: api.url,
      hostedUiUrl: hostedUi.url,
      hostedUiCertificate: certificate.cert,
      cognitoEndpoint: cognito.endpoint,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      users: pool.users,
      outputsFile,
      settings,
      realAws,
      handlerEnvironment,
      scim: { url: `${api.url}scim/v2`, secret: scimSecret.secret },
      signIn(username) {
        const user = pool.users.find((candidate) => candidate.username === username);
        if (!user)
          throw new Error(
            `No seeded user "${username}" (${SEEDED_USERS.map((u) => u.username).join(', ')})`,
          );
        return passwordSignIn(
          cognito.endpoint,
          pool.userPoolClientId,
          user.username,
          user.password,
        );
      },
      apiStats: () => api.stats(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The handlers' environment: what amplify/backend.ts sets in AWS, pointed at the local servers. */
function functionEnvironment(input: {
  settings: EnvironmentSettings;
  cognito: CognitoLocal;
  pool: { userPoolId: string; userPoolClientId: string };
  models: LocalModels | undefined;
  dynamo: LocalDynamo;
  realAws: boolean;
  kms?: LocalKms;
}): Record<string, string | undefined> {
  const { settings, cognito, pool, models, dynamo, realAws, kms } = input;
  const issuer = `${cognito.endpoint}/${pool.userPoolId}`;
  // With real AWS the machine's credentials and region stay; dynalite accepts any credentials.
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, ...dynamoEndpoint } = dynamo.env;
  return {
    USER_POOL_ID: pool.userPoolId,
    USER_POOL_CLIENT_ID: pool.userPoolClientId,
    JWT_ISSUER: issuer,
    JWKS_URI: `${issuer}/.well-known/jwks.json`,
    ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
    MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
    MAX_CONVERSATIONS_PER_USER: String(settings.history.maxConversationsPerUser),
    MAX_MESSAGES_PER_CONVERSATION: String(settings.history.maxMessagesPerConversation),
    // API keys: local mode's own HMAC secret (a new one each start: keys die with the stack),
    // the key settings, and cognito-local as the owners' current groups (AdminListGroupsForUser).
    [API_KEY_ENV.table]: dynamo.tableNames.apiKeys,
    [API_KEY_ENV.localSecret]: randomBytes(32).toString('base64url'),
    API_KEYS_DEFAULT_EXPIRY_DAYS: String(settings.apiKeys.defaultExpiryDays),
    API_KEYS_MAX_EXPIRY_DAYS: String(settings.apiKeys.maxExpiryDays),
    API_KEYS_MAX_PER_USER: String(settings.apiKeys.maxKeysPerUser),
    // Current access (amplify/functions/shared/caller-recheck.ts): keys' revocation, and the
    // directory when DIRECTORY_ACCESS=on (settings, as deployed).
    API_KEYS_STATUS_CACHE_SECONDS: String(settings.apiKeys.statusCacheSeconds),
    DIRECTORY_ACCESS: settings.directoryAccess.decisions,
    DIRECTORY_ACCESS_CACHE_SECONDS: String(settings.directoryAccess.cacheSeconds),
    // SCIM deactivation and deletion sign the user out (cognito-front.ts answers the call).
    SIGN_OUT_USER_POOL_ID: pool.userPoolId,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
    POWERTOOLS_METRICS_NAMESPACE: 'MLGateway',
    ...dynamoEndpoint,
    ...(realAws ? {} : { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, ...models!.env }),
    // The audit trail on the local servers (none with real AWS: no audit bucket there).
    ...(models && kms ? localAuditEnvironment(dynamo, models, kms) : {}),
  };
}
