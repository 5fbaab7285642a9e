/**
 * Local-mode settings: the ports `npm start` listens on and the switch to real AWS. Everything
 * else (CORS origins, throttling, body limit, authorizer cache TTL) comes from the sandbox
 * environment's settings in `amplify/settings`, exactly as the deployed REST API reads them.
 */

import path from 'node:path';

/** A port setting: the environment variable that sets it and its default. */
export interface PortSetting {
  readonly variable: string;
  readonly defaultPort: number;
  readonly description: string;
}

/** Every port local mode listens on (all on 127.0.0.1). `0` picks a free port. */
export const PORT_SETTINGS = {
  app: { variable: 'LOCAL_APP_PORT', defaultPort: 4200, description: 'the Angular app' },
  api: { variable: 'LOCAL_API_PORT', defaultPort: 3100, description: 'the REST API emulator' },
  hostedUi: {
    variable: 'LOCAL_AUTH_PORT',
    defaultPort: 8443,
    description: 'the hosted sign-in UI (https)',
  },
  cognito: {
    variable: 'LOCAL_COGNITO_PORT',
    defaultPort: 9229,
    description: 'cognito-local (the Cognito API and JWKS)',
  },
} as const satisfies Record<string, PortSetting>;

export type PortName = keyof typeof PORT_SETTINGS;
export type LocalPorts = Record<PortName, number>;

/** Folder `npm start` keeps its state in (pool data, outputs, the running-stack record). */
const STATE_DIR_VARIABLE = 'LOCAL_STATE_DIR';

/** `LOCAL_STATE_DIR`, or `.local/` at the repository root. */
export function stateDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[STATE_DIR_VARIABLE] || path.join(import.meta.dirname, '..', '.local'));
}

/** Set to `1` to skip the local model servers and call real Bedrock and SageMaker. */
export const REAL_AWS_VARIABLE = 'ML_GATEWAY_REAL_AWS';

/** Thrown when a local-mode setting is not valid; the message names the variable. */
export class LocalSettingsError extends Error {
  override readonly name = 'LocalSettingsError';
}

/** Reads the ports from the environment, falling back to the documented defaults. */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  const entries = Object.entries(PORT_SETTINGS).map(([name, setting]) => {
    const raw = env[setting.variable];
    if (raw === undefined || raw === '') return [name, setting.defaultPort];
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new LocalSettingsError(
        `${setting.variable}=${raw} is not a port (an integer from 0 to 65535; 0 picks a free one)`,
      );
    }
    return [name, port];
  });
  return Object.fromEntries(entries) as LocalPorts;
}

/** Whether the processors should call real AWS (with the machine's credentials). */
export function realAwsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[REAL_AWS_VARIABLE] === '1';
}

/** The loopback address every local server binds to. */
export const LOCAL_HOST = '127.0.0.1';
