/**
 * `npm start`: the whole stack on 127.0.0.1 (see README, "Local mode"). Prints one summary when
 * everything answers; Ctrl-C or SIGTERM stops every server and child process.
 *
 *   npm start                          # ports from LOCAL_*_PORT, local models
 *   LOCAL_APP_BUILD=skip npm start     # reuse dist/ as it is
 *   ML_GATEWAY_REAL_AWS=1 npm start    # real Bedrock and SageMaker with this machine's credentials
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppBuildMode } from './app/build.ts';
import { LocalSettingsError, PORT_SETTINGS, REAL_AWS_VARIABLE, STACK_FILE } from './config.ts';
import { PortInUseError } from './listen.ts';
import { REPO_ROOT, startLocalStack, type LocalStack } from './stack.ts';

/** How `npm start` builds the app: `LOCAL_APP_BUILD` = auto (default), always or skip. */
const BUILD_MODES: readonly AppBuildMode[] = ['auto', 'always', 'skip'];

function buildMode(): AppBuildMode {
  const value = process.env['LOCAL_APP_BUILD'] ?? 'auto';
  if (!(BUILD_MODES as readonly string[]).includes(value)) {
    throw new LocalSettingsError(`LOCAL_APP_BUILD=${value}: use one of ${BUILD_MODES.join(', ')}`);
  }
  return value as AppBuildMode;
}

function summary(stack: LocalStack): string {
  const width = Math.max(...stack.users.map((user) => user.username.length));
  return [
    '',
    `  ML Gateway is running locally.`,
    '',
    `  App          ${stack.appUrl}/`,
    `  API          ${stack.apiUrl}`,
    `  Sign-in      ${stack.hostedUiUrl}  (self-signed certificate: accept it once in the browser)`,
    `  Models       ${stack.realAws ? `real AWS (${REAL_AWS_VARIABLE}=1)` : 'local model servers'}`,
    '',
    '  Seeded users (username / password / group):',
    ...stack.users.map(
      (user) => `    ${user.username.padEnd(width)}  ${user.password}  ${user.group}`,
    ),
    '',
    '  A token for curl: npm run token -- mluser',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

const stateDir = path.join(REPO_ROOT, '.local');
let stack: LocalStack;
try {
  stack = await startLocalStack({ app: buildMode(), stateDir });
} catch (error) {
  if (error instanceof PortInUseError || error instanceof LocalSettingsError) {
    console.error(`\n${error.message}\n`);
    console.error(
      `Ports: ${Object.values(PORT_SETTINGS)
        .map((setting) => `${setting.variable} (default ${setting.defaultPort})`)
        .join(', ')}`,
    );
  } else {
    console.error('\nThe local stack failed to start:', error);
  }
  process.exit(1);
}

writeFileSync(
  path.join(stateDir, STACK_FILE),
  JSON.stringify({
    pid: process.pid,
    cognitoEndpoint: stack.cognitoEndpoint,
    userPoolClientId: stack.userPoolClientId,
    apiUrl: stack.apiUrl,
  }),
);
console.log(summary(stack));

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
