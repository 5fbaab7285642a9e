import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { LOCAL_HOST, PORT_SETTINGS } from '../config.ts';
import { reservePort } from '../listen.ts';
import { startCognitoFront } from './cognito-front.ts';

/** How long cognito-local gets to answer its health check after it is spawned. */
const COGNITO_LOCAL_START_TIMEOUT_MS = 20_000;

/** A running cognito-local: the Cognito API endpoint (also the JWT issuer's origin). */
export interface CognitoLocal {
  /** `http://127.0.0.1:<port>`: the Cognito API, `/oauth2/*` and `/<poolId>/.well-known/jwks.json`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Options for {@link startCognitoLocal}. */
export interface CognitoLocalOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Directory for its config and database (cleared by the caller when a fresh pool is wanted). */
  readonly dataDir: string;
  /** How long a rotated-out refresh token still refreshes; defaults to the app client's. */
  readonly refreshRotationGraceMs?: number;
}

/**
 * Runs cognito-local as a child process (its data lives in `dataDir/.cognito`, its log in
 * `dataDir/cognito-local.log`) behind its front on `port` (see cognito-front.ts), and resolves
 * once it answers `/health`. The child is killed when
 * this process exits, so an aborted run leaves nothing behind.
 */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  const front = await startCognitoFront(options.port, {
    refreshRotationGraceMs: options.refreshRotationGraceMs,
  });
  const endpoint = front.endpoint;
  // cognito-local itself listens on a private port behind the front.
  const port = await reservePort(0, LOCAL_HOST, PORT_SETTINGS.cognito).catch(
    async (error: unknown) => {
      await front.stop();
      throw error;
    },
  );
  mkdirSync(path.join(options.dataDir, '.cognito'), { recursive: true });
  writeFileSync(
    path.join(options.dataDir, '.cognito', 'config.json'),
    JSON.stringify({
      // Usernames are plain names (cognito-local defaults to email usernames).
      UserPoolDefaults: { UsernameAttributes: [] },
      // Tokens name the front's origin, where the JWKS is published.
      TokenConfig: { IssuerDomain: endpoint },
      ServerConfig: { port, hostname: LOCAL_HOST },
    }),
  );
  const log = createWriteStream(path.join(options.dataDir, 'cognito-local.log'));
  await once(log, 'open');
  const entry = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child = spawn(process.execPath, [entry], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(port), HOST: LOCAL_HOST, COGNITO_LOCAL_DEVMODE: '' },
    stdio: ['ignore', log, log],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await front.stop();
    await stopChild(child);
    log.end();
  };
  try {
    const upstream = `http://${LOCAL_HOST}:${port}`;
    await waitForHealth(upstream, child);
    front.connect(upstream);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}

async function waitForHealth(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + COGNITO_LOCAL_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`cognito-local exited with code ${child.exitCode}; see cognito-local.log`);
    }
    try {
      const response = await fetch(`${endpoint}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cognito-local did not start within ${COGNITO_LOCAL_START_TIMEOUT_MS} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
