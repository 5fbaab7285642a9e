/**
 * `npm start`: the whole stack on 127.0.0.1 (see README, "Local mode"). Prints one summary when
 * everything answers; Ctrl-C or SIGTERM stops every server and child process.
 *
 *   npm start                          # ports from LOCAL_*_PORT, local models
 *   LOCAL_APP_BUILD=skip npm start     # reuse dist/ as it is (none: no app, API only)
 *   ML_GATEWAY_REAL_AWS=1 npm start    # real Bedrock and SageMaker with this machine's credentials
 */
import type { AppBuildMode } from './app/build.ts';
import { LocalSettingsError, PORT_SETTINGS, REAL_AWS_VARIABLE, stateDirFromEnv } from './config.ts';
import { PortInUseError } from './listen.ts';
import { type LocalStack, startLocalStack } from './stack.ts';
import { readRunningStack, writeStackRecord } from './stack-record.ts';

/** How `npm start` builds the app: `LOCAL_APP_BUILD` = auto (default), always, skip or none. */
const BUILD_MODES: readonly (AppBuildMode | 'none')[] = ['auto', 'always', 'skip', 'none'];

function buildMode(): AppBuildMode | 'none' {
  const value = process.env['LOCAL_APP_BUILD'] ?? 'auto';
  if (!(BUILD_MODES as readonly string[]).includes(value)) {
    throw new LocalSettingsError(`LOCAL_APP_BUILD=${value}: use one of ${BUILD_MODES.join(', ')}`);
  }
  return value as AppBuildMode | 'none';
}

function summary(stack: LocalStack): string {
  const width = Math.max(...stack.users.map((user) => user.username.length));
  const passwordWidth = Math.max(...stack.users.map((user) => user.password.length));
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
      (user) =>
        `    ${user.username.padEnd(width)}  ${user.password.padEnd(passwordWidth)}  ${user.group}`,
    ),
    '',
    '  A token for curl: npm run token -- mluser',
    `  SCIM         ${stack.scim.url}  (npm run scim -- tests/fixtures/scim/initial-cycle.json)`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

const stateDir = stateDirFromEnv();
const running = readRunningStack(stateDir);
if (running) {
  // A second start would reset the first one's user pool and outputs.
  console.error(`The local stack is already running (pid ${running.pid}, API ${running.apiUrl}).`);
  process.exit(1);
}
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

const removeRecord = writeStackRecord(stateDir, {
  pid: process.pid,
  cognitoEndpoint: stack.cognitoEndpoint,
  userPoolClientId: stack.userPoolClientId,
  apiUrl: stack.apiUrl,
  dynamoEndpoint: stack.handlerEnvironment['AWS_ENDPOINT_URL_DYNAMODB'],
  auditS3Endpoint: stack.handlerEnvironment['AUDIT_S3_ENDPOINT'],
  scim: stack.scim,
});
console.log(summary(stack));

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  removeRecord();
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
